"""Demo publications (事后公示演示数据): the approver's work on the case demos' drafts.

The case demos run first, and their decisions already have drafts. This module publishes most
of them through the approval actions. It leaves two unpublished for the deadline board: an
overdue one and one due soon, where the decision dates allow. A penalty or licence without a
document number gets one entered first, as an officer would. It then enters one decision of
a vertically managed office by hand, publishes it and corrects it. Drafts excluded by the
publication rules stay excluded. Every step finds what an earlier load did, so a second load
adds nothing.
"""

import datetime
import logging
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability, Role
from zhifa.agencies.models import Agency, AgencyKind
from zhifa.cases.models import Case, PartyKind
from zhifa.core.errors import ZhifaError
from zhifa.core.identifiers import org_code_check_char, uscc_check_char
from zhifa.demo.people import DEMO_PASSWORD, QINGPU_AREA_CODE
from zhifa.publicity.changes.withdrawal import correction_of
from zhifa.publicity.drafting import drafts
from zhifa.publicity.drafting.document_numbers import NUMBER_REQUIRED_KINDS
from zhifa.publicity.drafting.external import ManualInput, PartyInput
from zhifa.publicity.models import (
    ChangeKind,
    Publication,
    PublicationKind,
    PublicationSource,
    PublicationStatus,
)
from zhifa.publicity.publishing import approval
from zhifa.publicity.publishing.numbers import enter_document_number
from zhifa.publicity.watch.deadlines import due_soon_horizon

logger = logging.getLogger(__name__)

# The demo people's publication approver (see zhifa.demo.people); made here only when missing.
APPROVER_USERNAME = "approver"
# Accounts of the agencies' own approvers that the demo adds, followed by the agency id.
PUBLISHER_PREFIX = "demo-publicity-"
# Preferred offices for the manual entry, by short name. Without them, another vertically
# managed office or an agency with no cases is used.
MANUAL_AGENCY_NAMES = ("区税务局", "青浦公安分局")
KEPT_DRAFTS = 2
# Document codes after the agency's 文书代字 in the numbers the demo enters.
DOCUMENT_CODES = {PublicationKind.PENALTY: "罚决", PublicationKind.LICENSE: "许决"}

MANUAL_DOCUMENT_NUMBER = "青税罚〔演示〕1号"
MANUAL_COMPANY = "上海青禾餐饮管理有限公司（演示）"
MANUAL_REPRESENTATIVE = "顾志强"
# The amount as first entered is one digit short, and the correction restores it.
MANUAL_SLIP = "罚款人民币500元"
MANUAL_CORRECTED = "罚款人民币5000元"
CORRECTION_REASON = "（演示）录入时“处罚内容”少写一位数字，按决定书原文更正为罚款人民币5000元。"


# --- Accounts -----------------------------------------------------------------------------------


def _approver_account(username: str, agency: Agency, password: str | None) -> User:
    """Return the publication approver ``username``, creating it in ``agency`` if missing.

    ``password=None`` makes an account that cannot log in, like the case demos' staff.
    """
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    user = User.objects.create_user(
        username=username,
        password=password,
        full_name=f"{agency.short_name}发布审核人员（演示）",
        agency=agency,
    )
    user.groups.add(Group.objects.get(name=Role.PUBLICATION_APPROVER))
    logger.info("demo account %s created in agency %s", username, agency.pk)
    return user


def _busiest_agency() -> Agency | None:
    """Return the agency with the most drafts, or with the most publications if none is a draft."""
    for rows in (Publication.objects.filter(status=PublicationStatus.DRAFT), Publication.objects):
        top = (
            rows.values("agency")
            .annotate(total=Count("pk"))
            .order_by("-total", "agency__sort_order", "agency")
            .first()
        )
        if top is not None:
            return Agency.objects.get(pk=top["agency"])
    return None


def _publisher(agency: Agency, approver: User | None, found: dict[int, User]) -> User:
    """Return the account that approves the agency's drafts, creating one if it has none.

    That is the demo approver in its own agency. Elsewhere it is the agency's first active
    account that may publish (an agency head, for example), else a new account that cannot
    log in, because most towns have no demo account that may publish.
    """
    if approver is not None and approver.agency_id == agency.pk:
        return approver
    if agency.pk not in found:
        users = User.objects.filter(agency=agency, is_active=True).order_by("pk")
        existing = next((user for user in users if user.can(Capability.PUBLISH_DECISIONS)), None)
        found[agency.pk] = existing or _approver_account(
            f"{PUBLISHER_PREFIX}{agency.pk}", agency, None
        )
    return found[agency.pk]


# --- Drafts -----------------------------------------------------------------------------------


def _drafts_to_keep(candidates: list[Publication], today: datetime.date) -> set[int]:
    """Return the ids of the drafts left unpublished for the deadline board.

    These are the earliest overdue draft, the first one due soon, and then the latest decided
    until there are ``KEPT_DRAFTS``. The choice depends only on the drafts given, so a later
    load, which finds just the kept drafts, keeps them all.
    """
    horizon = due_soon_horizon(today) or datetime.date(today.year, 12, 31)
    by_due = sorted(
        (row for row in candidates if row.due_on is not None), key=lambda row: (row.due_on, row.pk)
    )
    overdue = [row for row in by_due if row.due_on is not None and row.due_on < today]
    soon = [row for row in by_due if row.due_on is not None and today <= row.due_on <= horizon]
    kept = [group[0].pk for group in (overdue, soon) if group]

    latest = sorted(candidates, key=lambda row: (row.decided_on, row.pk), reverse=True)
    for row in latest:
        if len(kept) >= KEPT_DRAFTS:
            break
        if row.pk not in kept:
            kept.append(row.pk)
    return set(kept)


def _publish_drafts(
    approver: User | None, today: datetime.date, publishers: dict[int, User]
) -> int:
    """Approve every draft except the kept ones; return how many were published.

    Drafts of decisions that a remedy already corrected are left to the withdrawal step of
    the changes demo, which excludes them with the outcome as the reason.
    """
    drafts_in_order = (
        Publication.objects.filter(status=PublicationStatus.DRAFT, pending_change={})
        .exclude(source=PublicationSource.MANUAL)
        .select_related("agency")
        .order_by("decided_on", "pk")
    )
    candidates = [row for row in drafts_in_order if correction_of(row) is None]
    kept = _drafts_to_keep(candidates, today)
    logger.info("demo drafts left unpublished: %s", sorted(kept))
    published = 0
    for publication in candidates:
        if publication.pk in kept:
            continue
        user = _publisher(publication.agency, approver, publishers)
        try:
            _number(user, publication)
            approval.approve(user, publication)
        except ZhifaError as error:
            # A draft whose decision changed since (e.g. a case step corrected to no penalty)
            # may now fall under an exclusion rule. approve() then raises and writes nothing.
            logger.warning("demo publication %s not approved: %s", publication.pk, error.message)
            continue
        published += 1
    return published


def _number_prefix(publication: Publication) -> str:
    agency = publication.agency
    code = DOCUMENT_CODES[PublicationKind(publication.kind)]
    return f"{agency.abbreviation or agency.short_name}{code}〔{publication.decided_on.year}〕"


def _next_sequence(agency_id: int, prefix: str) -> int:
    numbers = Publication.objects.filter(
        agency_id=agency_id, document_number__startswith=prefix
    ).values_list("document_number", flat=True)
    used = [
        int(number[len(prefix) : -1])
        for number in numbers
        if number.endswith("号") and number[len(prefix) : -1].isdigit()
    ]
    return max(used, default=0) + 1


def _number(user: User, publication: Publication) -> None:
    """Enter a document number where a penalty or licence has none, as an officer would.

    The number follows the usual form: the agency's 文书代字, the document code, the year and
    the next free sequence number of that prefix in the agency, e.g. 青市监罚决〔2026〕3号.
    """
    if publication.kind not in NUMBER_REQUIRED_KINDS or publication.document_number:
        return
    prefix = _number_prefix(publication)
    number = f"{prefix}{_next_sequence(publication.agency_id, prefix)}号"
    enter_document_number(user, publication, number)
    publication.refresh_from_db()


# --- The manual entry and its correction ------------------------------------------------------


def _manual_agency() -> Agency | None:
    """Return the office whose decision is entered by hand, trying the preferred offices first."""
    for name in MANUAL_AGENCY_NAMES:
        agency = Agency.objects.filter(short_name=name).first()
        if agency is not None:
            return agency
    with_cases = Case.objects.values("agency_id")
    others = Agency.objects.exclude(pk__in=with_cases).order_by("sort_order", "pk")
    return others.filter(kind=AgencyKind.VERTICAL).first() or others.first()


def _demo_uscc() -> str:
    body = "MA1QP7D8"
    first17 = f"91{QINGPU_AREA_CODE}{body}{org_code_check_char(body)}"
    return first17 + uscc_check_char(first17)


def _manual_text(agency: Agency, uscc: str, decided_on: datetime.date) -> str:
    return "\n".join(
        [
            f"{agency.name}",
            "税务行政处罚决定书（演示）",
            MANUAL_DOCUMENT_NUMBER,
            f"当事人：{MANUAL_COMPANY}",
            f"统一社会信用代码：{uscc}",
            f"法定代表人：{MANUAL_REPRESENTATIVE}",
            "经查，当事人2026年1月至6月取得餐饮收入未按规定开具发票，共计43笔。",
            "上述行为违反了《中华人民共和国发票管理办法》第十八条的规定。",
            "依据《中华人民共和国发票管理办法》第三十五条第一项的规定，"
            "决定对当事人处以罚款人民币5000元。",
            f"决定日期：{decided_on.year}年{decided_on.month}月{decided_on.day}日",
        ]
    )


def _manual_input(agency: Agency, today: datetime.date) -> ManualInput:
    decided_on = today - datetime.timedelta(days=3)
    uscc = _demo_uscc()
    return ManualInput(
        agency_id=agency.pk,
        kind="penalty",
        document_number=MANUAL_DOCUMENT_NUMBER,
        decided_on=decided_on,
        text=_manual_text(agency, uscc, decided_on),
        parties=[
            PartyInput(
                kind=PartyKind.LEGAL_PERSON,
                name=MANUAL_COMPANY,
                uscc=uscc,
                legal_representative=MANUAL_REPRESENTATIVE,
                address="上海市青浦区盈港东路（演示地址）",
            )
        ],
        title=f"{agency.short_name}税务行政处罚决定（演示）",
        fields={
            "CF_WFXW": "未按规定开具发票",
            "CF_YJ": "《中华人民共和国发票管理办法》第三十五条第一项",
            "CF_NR": MANUAL_SLIP,
        },
        procedure="ordinary",
        penalty_types=["fine"],
        fine=Decimal("5000"),
    )


def _manual_entry(
    today: datetime.date, publishers: dict[int, User]
) -> tuple[Publication | None, dict[str, int]]:
    """Enter and publish the office's decision, and return it with the counts of what was added."""
    counts = {"publications_entered": 0, "publications_published": 0}
    existing = Publication.objects.filter(
        source=PublicationSource.MANUAL, document_number=MANUAL_DOCUMENT_NUMBER
    ).first()
    if existing is not None:
        return existing, counts

    agency = _manual_agency()
    if agency is None:
        logger.warning("demo manual entry skipped: no agency to enter it for")
        return None, counts
    # The office's own approver enters it too, because no one outside the office has it in scope.
    clerk = _publisher(agency, None, publishers)
    publication = drafts.enter_manually(clerk, _manual_input(agency, today))
    counts["publications_entered"] = 1
    if publication.status == PublicationStatus.DRAFT:
        approval.approve(clerk, publication)
        counts["publications_published"] = 1
    return publication, counts


def _correct(publication: Publication, publishers: dict[int, User]) -> int:
    """Prepare and approve the correction of the manual entry's penalty content."""
    publication.refresh_from_db()
    corrected = publication.versions.filter(change=ChangeKind.CORRECTION).exists()
    if corrected or publication.status != PublicationStatus.PUBLISHED:
        return 0
    clerk = _publisher(publication.agency, None, publishers)
    if not publication.pending_change:
        approval.prepare_change(
            clerk,
            publication,
            change=ChangeKind.CORRECTION,
            reason=CORRECTION_REASON,
            fields={"CF_NR": MANUAL_CORRECTED},
        )
    approval.approve(clerk, publication)
    return 1


# --- Entry point ------------------------------------------------------------------------------


@transaction.atomic
def load(today: datetime.date) -> dict[str, int]:
    """Publish the demo drafts, then enter and correct one manual decision; return the counts."""
    users_before = User.objects.count()
    approver: User | None = None
    agency = _busiest_agency()
    if agency is not None:
        approver = _approver_account(APPROVER_USERNAME, agency, DEMO_PASSWORD)
    publishers: dict[int, User] = {}
    counts = {"publications_published": _publish_drafts(approver, today, publishers)}

    manual, manual_counts = _manual_entry(today, publishers)
    counts["publications_published"] += manual_counts["publications_published"]
    counts["publications_entered"] = manual_counts["publications_entered"]
    counts["publications_corrected"] = _correct(manual, publishers) if manual is not None else 0
    counts["publication_approvers"] = User.objects.count() - users_before
    logger.info("demo publications loaded: %s", counts)
    return counts
