"""Demo data of legal review (法制审核演示数据): catalogs, procedures and review rounds.

Everything goes through the review actions. ``pass_review`` is what the other apps' demo
loaders call before they issue a decision, so every major demo decision has an approved
review. ``load`` adds the catalogs, the review procedures and three reviews that show the
loop: returned once and approved, objected and resubmitted, and one still pending and overdue.
A second run adds nothing: each piece is skipped when its marker or its rows already exist.
"""

import datetime
import logging
from collections.abc import Callable
from decimal import Decimal
from functools import partial

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency, Department
from zhifa.cases.models import Case, CaseKind, Stage
from zhifa.cases.rules.penalty import (
    BUSINESS_SUSPENSION,
    CLOSURE_ORDER,
    FINE,
    ILLEGAL_GAINS_CONFISCATED,
    ILLEGAL_PROPERTY_CONFISCATED,
    LICENSE_REVOCATION,
    PRACTICE_RESTRICTION,
)
from zhifa.core.errors import ZhifaError
from zhifa.core.workdays import SHANGHAI
from zhifa.demo.people import department_signer, office_signer
from zhifa.review import actions, gate
from zhifa.review.actions import catalogs as catalog_actions
from zhifa.review.actions import procedures as procedure_actions
from zhifa.review.actions.requests import due_date
from zhifa.review.lists import checklist_for, materials_for
from zhifa.review.models import (
    Conclusion,
    DecisionKind,
    LeadershipDecision,
    MajorFlag,
    ReviewCatalog,
    ReviewProcedure,
    ReviewRequest,
)
from zhifa.review.routing import route
from zhifa.review.status import assess

logger = logging.getLogger(__name__)

LEGALITY = "本案主体适格，事实清楚，证据确实充分，适用法律、法规正确，程序合法。"
REASONABLENESS = "拟作出的决定与违法行为的事实、性质、情节和社会危害程度相当，符合裁量基准。"
CORRECTIONS = "请补充当事人违法所得的计算依据和相关票据，并说明适用裁量基准的理由后重新送审。"
FAILED_NOTE = "违法所得的计算缺少票据等证据支持。"

# Markers in the submission summary that identify the showcase reviews on a second run.
RETURNED_ONCE = "（演示审核：退回后通过）"
OBJECTED = "（演示审核：异议后重新送审）"
PENDING = "（演示审核：司法所待审核）"
SHOWCASE_AGENCIES = {RETURNED_ONCE: "区城管执法局", OBJECTED: "区市场监管局", PENDING: "朱家角镇"}

# Catalog demo: (agency, what happens to its first version). Agencies not listed never file.
ACCEPTED, RETURNED, FILED = "accepted", "returned", "filed"
CATALOG_PLAN = (
    ("区市场监管局", ACCEPTED),
    ("区城管执法局", ACCEPTED),
    ("区生态环境局", RETURNED),
    ("朱家角镇", FILED),
)
PROCEDURE_AGENCIES = ("区市场监管局", "区城管执法局")

# Every demo entry narrows its kind by structured criteria, so a warning or a small fine is not
# major because of the catalog. Compulsory enforcement is left out: rule group 4 already covers
# it, and an entry cannot exclude late fees or immediate substitute performance.
CATALOG_SOURCE = "《中华人民共和国行政处罚法》第五十八条"


def _demo_entries() -> list[catalog_actions.EntryInput]:
    return [
        catalog_actions.EntryInput(
            decision_kind=DecisionKind.PENALTY,
            description="拟吊销许可证件、责令停产停业、责令关闭或者限制从业的",
            penalty_types=[
                LICENSE_REVOCATION,
                BUSINESS_SUSPENSION,
                CLOSURE_ORDER,
                PRACTICE_RESTRICTION,
            ],
            legal_source=CATALOG_SOURCE,
        ),
        catalog_actions.EntryInput(
            decision_kind=DecisionKind.PENALTY,
            description="拟罚款或者没收违法所得、非法财物数额在二十万元以上的",
            min_amount=Decimal("200000"),
            penalty_types=[FINE, ILLEGAL_GAINS_CONFISCATED, ILLEGAL_PROPERTY_CONFISCATED],
            legal_source=CATALOG_SOURCE,
        ),
        catalog_actions.EntryInput(
            decision_kind=DecisionKind.LICENSE_ANNULMENT,
            description="拟撤销行政许可的",
            legal_source="《中华人民共和国行政许可法》第六十九条",
            applies_to_all=True,
        ),
    ]


# --- Signing and submitting --------------------------------------------------------------------


def signer_for(request: ReviewRequest) -> User:
    """Return a demo account of the body ``request`` was routed to that may sign the opinion."""
    if request.judicial_office is not None:
        return office_signer(request.judicial_office)
    department = request.review_department
    if department is None:  # the model's check constraint keeps one body set
        raise LookupError(f"review request {request.pk} has no review body")
    return department_signer(department)


def _submission(case: Case, decision: str | None, summary: str) -> actions.SubmissionInput:
    kind = assess(case, decision).proposal.kind
    materials = [
        actions.MaterialInput(code=row.code, provided=True)
        for row in materials_for(kind, case.agency_id)
    ]
    return actions.SubmissionInput(summary=summary, materials=materials, decision=decision)


def _opinion(request: ReviewRequest, conclusion: str) -> actions.OpinionInput:
    """Return an opinion passing every checklist item, or failing the first one with a note."""
    items = checklist_for(request.decision_kind)
    failing = conclusion != Conclusion.APPROVED
    checklist = [
        actions.ChecklistResult(
            code=item.code,
            result="fail" if failing and index == 0 else "pass",
            note=FAILED_NOTE if failing and index == 0 else "",
        )
        for index, item in enumerate(items)
    ]
    return actions.OpinionInput(
        conclusion=conclusion,
        legality=LEGALITY,
        reasonableness=REASONABLENESS,
        checklist=checklist,
        corrections="" if conclusion == Conclusion.APPROVED else CORRECTIONS,
    )


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=SHANGHAI)


def _backdate(request: ReviewRequest, submitted_on: datetime.date) -> None:
    """Move an open round's submission back to ``submitted_on``, so that it is overdue today.

    NOTE: the actions time a round from today, and case steps are append-only. So only rounds
    without an opinion are moved, and reviewed demo rounds keep the day the demo was loaded.
    """
    due_on = due_date(request.case.agency_id, submitted_on, extended=False)
    ReviewRequest.objects.filter(pk=request.pk, opinion__isnull=True).update(
        submitted_at=_at(submitted_on, 9), materials_complete_on=submitted_on, due_on=due_on
    )


def pass_review(case: Case, decision: str, submitter: User) -> ReviewRequest | None:
    """Submit and approve the legal review ``decision`` needs on ``case``, if it needs one.

    Returns the approved round, or None when the decision needs no review.

    NOTE: the round and its 法制审核 step are dated today, also when the demo decision that
    follows is dated in the past, because the actions record the review as it happens.
    """
    if gate.decision_blocker(case, decision) is None:
        return None
    summary = f"拟作出的决定属于重大执法决定，提请法制审核。（{case.number}）"
    request = actions.submit(submitter, case, _submission(case, decision, summary))
    actions.issue_opinion(signer_for(request), request, _opinion(request, Conclusion.APPROVED))
    return request


# --- Catalogs and procedures -------------------------------------------------------------------


def _bureau_user() -> User | None:
    return User.objects.filter(groups__name=Role.SUPERVISOR, is_active=True).order_by("pk").first()


def _catalog_author(agency: Agency) -> User:
    department: Department | None = agency.review_body
    if department is None:
        raise LookupError(f"agency {agency.pk} has no review body")
    return department_signer(department)


def _load_catalog(agency: Agency, outcome: str, bureau: User, today: datetime.date) -> None:
    author = _catalog_author(agency)
    catalog = catalog_actions.create_catalog(
        author, agency.pk, effective_from=today, change_note="首次编制法制审核目录清单"
    )
    for order, entry in enumerate(_demo_entries(), start=1):
        entry.sort_order = order
        catalog_actions.add_entry(author, catalog.pk, entry)
    catalog_actions.file_catalog(author, catalog.pk)
    if outcome == ACCEPTED:
        catalog_actions.accept_catalog(bureau, catalog.pk, comments="符合要求，准予备案。")
    elif outcome == RETURNED:
        catalog_actions.return_catalog(
            bureau,
            catalog.pk,
            comments="未列明本单位权责清单中应当审核的行政强制执行事项，请补充后重新报送。",
        )


def _load_procedure(agency: Agency, today: datetime.date) -> None:
    procedure_actions.record_procedure(
        _catalog_author(agency),
        agency.pk,
        procedure_actions.ProcedureInput(
            effective_from=today,
            materials="送审申请、拟作出的决定文书、调查终结报告、证据材料、听证或陈述申辩材料。",
            method="书面审核为主，必要时听取承办人员说明或者调阅案卷，疑难案件听取法律顾问意见。",
            time_limits="材料齐全之日起五个工作日内完成；情况复杂的，经批准可延长五个工作日。",
            responsibilities="承办部门对送审材料的真实性负责，法制机构对审核意见负责。",
            objections="承办部门对审核意见有异议的，提请单位负责人决定采纳审核意见或者重新审核。",
        ),
    )


def _load_catalogs(today: datetime.date, counts: dict[str, int]) -> None:
    bureau = _bureau_user()
    if bureau is None:
        logger.warning("no supervisor account; demo review catalogs skipped")
        return
    for short_name, outcome in CATALOG_PLAN:
        agency = Agency.objects.filter(short_name=short_name).first()
        if agency is None or ReviewCatalog.objects.filter(agency=agency).exists():
            counts["skipped"] += 1
            continue
        _attempt(counts, "catalogs", partial(_load_catalog, agency, outcome, bureau, today))
    for short_name in PROCEDURE_AGENCIES:
        agency = Agency.objects.filter(short_name=short_name).first()
        if agency is None or ReviewProcedure.objects.filter(agency=agency).exists():
            counts["skipped"] += 1
            continue
        _attempt(counts, "procedures", partial(_load_procedure, agency, today))


def _attempt(counts: dict[str, int], key: str, build: Callable[[], object]) -> None:
    try:
        with transaction.atomic():
            build()
    except ZhifaError as error:
        logger.warning("demo review %s skipped: %s", key, error.message)
        counts["skipped"] += 1
        return
    counts[key] += 1


# --- Showcase reviews --------------------------------------------------------------------------


def _showcase_case(agency: Agency) -> Case | None:
    """Return the agency's first demo penalty case waiting for its decision, with no review yet."""
    return (
        Case.objects.filter(
            agency=agency,
            kind=CaseKind.PENALTY_ORDINARY,
            stage=Stage.DECISION,
            review_requests__isnull=True,
        )
        .exclude(steps__step="penalty_decision")
        .order_by("number")
        .first()
    )


def _make_major(case: Case, handler: User) -> None:
    """Flag the case as complex when its proposed penalty is not major by itself."""
    if assess(case, "penalty_decision").major:
        return
    actions.set_flag(
        handler,
        case,
        MajorFlag.COMPLEX,
        "当事人同时涉及多项违法行为，违法所得认定涉及多个法律关系，情况疑难复杂。",
    )


def _submit_round(case: Case, handler: User, summary: str, correction: str = "") -> ReviewRequest:
    data = _submission(case, "penalty_decision", summary)
    data.correction_summary = correction
    return actions.submit(handler, case, data)


def _review(request: ReviewRequest, conclusion: str) -> None:
    actions.issue_opinion(signer_for(request), request, _opinion(request, conclusion))


def _agency_head(agency: Agency) -> User:
    head = (
        User.objects.filter(agency=agency, groups__name=Role.AGENCY_HEAD, is_active=True)
        .order_by("pk")
        .first()
    )
    if head is None:
        raise LookupError(f"agency {agency.pk} has no agency head account")
    return head


def _returned_once(case: Case, handler: User, today: datetime.date) -> None:
    summary = f"拟对当事人罚款并没收违法所得，提请法制审核。{RETURNED_ONCE}"
    first = _submit_round(case, handler, summary)
    _review(first, Conclusion.REVISE_AND_RESUBMIT)
    correction = "已补充违法所得计算依据和进货票据，并说明适用裁量基准的理由。"
    _review(_submit_round(case, handler, summary, correction), Conclusion.APPROVED)


def _objected(case: Case, handler: User, today: datetime.date) -> None:
    summary = f"拟对当事人罚款，提请法制审核。{OBJECTED}"
    first = _submit_round(case, handler, summary)
    _review(first, Conclusion.REVISE_AND_RESUBMIT)
    actions.object_to_opinion(
        handler, first, "违法所得已由当事人账簿和询问笔录相互印证，承办部门认为无需另行补充票据。"
    )
    actions.decide_objection(
        _agency_head(case.agency),
        first,
        LeadershipDecision.ACCEPT_OPINION,
        "账簿为当事人自行制作，缺少原始票据印证，采纳法制审核意见，退回承办部门补充材料。",
    )
    correction = "已按审核意见调取进货票据和银行流水，补充说明违法所得的计算过程。"
    _review(_submit_round(case, handler, summary, correction), Conclusion.APPROVED)


def _pending(case: Case, handler: User, today: datetime.date) -> None:
    summary = f"拟对当事人罚款，提请司法所法制审核。{PENDING}"
    request = _submit_round(case, handler, summary)
    _backdate(request, today - datetime.timedelta(days=15))


SHOWCASES: dict[str, Callable[[Case, User, datetime.date], None]] = {
    RETURNED_ONCE: _returned_once,
    OBJECTED: _objected,
    PENDING: _pending,
}


def _load_showcase(marker: str, today: datetime.date) -> None:
    agency = Agency.objects.get(short_name=SHOWCASE_AGENCIES[marker])
    case = _showcase_case(agency)
    if case is None or case.created_by is None:
        raise LookupError(f"no demo case waits for its decision in agency {agency.pk}")
    handler = case.created_by
    _make_major(case, handler)
    route(case)  # raises with the reason when the agency has no review body
    SHOWCASES[marker](case, handler, today)


def load(today: datetime.date) -> dict[str, int]:
    """Add the missing review demo data; return how many pieces were added or skipped."""
    counts = {"catalogs": 0, "procedures": 0, "reviews": 0, "skipped": 0}
    _load_catalogs(today, counts)
    for marker in SHOWCASES:
        if ReviewRequest.objects.filter(summary__endswith=marker).exists():
            counts["skipped"] += 1
            continue
        try:
            with transaction.atomic():
                _load_showcase(marker, today)
        except (ZhifaError, LookupError) as error:
            logger.warning("demo review %s skipped: %s", marker, error)
            counts["skipped"] += 1
            continue
        counts["reviews"] += 1
    logger.info("review demo loaded: %s", counts)
    return counts
