"""Actions on review catalogs (法制审核目录清单): drafts, entries, filing and the bureau's decision.

An agency drafts a version, edits its entries while it is a draft and files it (备案) with the
judicial bureau, which accepts it or returns it with comments. Filed, accepted and returned
versions are read-only; a returned version is replaced by drafting a new one.
"""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict, scope_for
from zhifa.agencies.models import Agency, EnforcementDomain
from zhifa.cases.actions._common import money, require, required_text, today
from zhifa.cases.rules.penalty import PENALTY_LABELS
from zhifa.catalog.models import PowerItem
from zhifa.core.chinese_dates import chinese_date
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed
from zhifa.review.catalogs import has_criterion, in_force
from zhifa.review.models import CatalogState, DecisionKind, ReviewCatalog, ReviewCatalogEntry
from zhifa.review.proposals import unknown_domain_message

logger = logging.getLogger(__name__)


# Largest sort number of an entry; larger numbers would overflow the database column.
MAX_SORT_ORDER = 9999
NO_CRITERION_MESSAGE = (
    "该审核事项没有填写执法事项编码、执法领域、金额下限或处罚种类，将使本类决定一律须经法制审核；"
    "“其他情形”只供审核人员参考，不参与自动判定。请填写至少一项条件，或者勾选“本类决定一律须经法制审核”。"
)


@dataclass
class EntryInput:
    """One catalog entry as the agency enters it; empty criteria match every decision.

    ``applies_to_all`` confirms an entry without any structured criterion, which makes every
    decision of its kind major.
    """

    decision_kind: str
    description: str
    power_item_code: str = ""
    domain_code: str = ""
    min_amount: Decimal | str | None = None
    penalty_types: list[str] = field(default_factory=list)
    other_criteria: str = ""
    legal_source: str = ""
    sort_order: int = 0
    applies_to_all: bool = False


def _agency_in_scope(user: User, agency_id: int) -> Agency:
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None or not scope_for(user).includes(agency_id):
        raise NotFound("执法主体不存在或不在您的管理范围内。", field="agency")
    return agency


def _locked_catalog(user: User, catalog_id: int) -> ReviewCatalog:
    if not restrict(ReviewCatalog.objects.filter(pk=catalog_id), user).exists():
        raise NotFound("法制审核目录清单不存在或不在您的管理范围内。")
    return ReviewCatalog.objects.select_for_update().select_related("agency").get(pk=catalog_id)


def _require_draft(catalog: ReviewCatalog) -> None:
    if catalog.state != CatalogState.DRAFT:
        raise InvalidTransition(
            f"{catalog}状态为“{catalog.get_state_display()}”，只有草稿可以修改；"
            "如需调整，请编制新的版本。"
        )


def _copy_source(user: User, agency_id: int, source_id: int) -> ReviewCatalog:
    """Return the version to copy: any version of the same agency, or an accepted one.

    Accepted catalogs are published, so any agency may copy one as a model. That is how the
    bureau guides towns and street offices with an accepted catalog of another agency.
    """
    source = ReviewCatalog.objects.filter(pk=source_id).first()
    usable = source is not None and (
        source.state == CatalogState.ACCEPTED
        or (source.agency_id == agency_id and scope_for(user).includes(agency_id))
    )
    if source is None or not usable:
        raise ValidationFailed(
            "“参照版本”应为本单位的目录清单或已备案的目录清单，请重新选择。", field="copy_from"
        )
    return source


def create_catalog(
    user: User,
    agency_id: int,
    *,
    effective_from: datetime.date | None,
    change_note: str = "",
    copy_from_id: int | None = None,
    request: Any = None,
) -> ReviewCatalog:
    """Draft the agency's next catalog version, optionally copying the entries of another."""
    require(user, Capability.MANAGE_REVIEW_CATALOG)
    agency = _agency_in_scope(user, agency_id)
    if effective_from is None:
        raise ValidationFailed("请填写“施行日期”。", field="effective_from")
    note = (change_note or "").strip()[:500]

    with transaction.atomic():
        # Locking the agency row numbers concurrent drafts one after the other.
        Agency.objects.select_for_update().filter(pk=agency.pk).first()
        source = _copy_source(user, agency.pk, copy_from_id) if copy_from_id else None
        last = ReviewCatalog.objects.filter(agency=agency).aggregate(last=Max("version"))["last"]
        catalog = ReviewCatalog.objects.create(
            agency=agency,
            version=(last or 0) + 1,
            effective_from=effective_from,
            change_note=note,
            created_by=user,
        )
        copied = _copy_entries(source, catalog) if source else 0
        audit.record(
            "review_catalog_created",
            actor=user,
            target=catalog,
            agency_id=agency.pk,
            request=request,
            detail={"copied_from": source.pk if source else None, "entries": copied},
        )
    logger.info("review catalog %s drafted", catalog.pk, extra={"agency_id": agency.pk})
    return catalog


def _copy_entries(source: ReviewCatalog, target: ReviewCatalog) -> int:
    rows = [
        ReviewCatalogEntry(
            catalog=target,
            decision_kind=entry.decision_kind,
            description=entry.description,
            # Power item codes belong to one agency; a model from another agency drops them.
            power_item_code=entry.power_item_code if source.agency_id == target.agency_id else "",
            domain_code=entry.domain_code,
            min_amount=entry.min_amount,
            penalty_types=list(entry.penalty_types),
            other_criteria=entry.other_criteria,
            legal_source=entry.legal_source,
            sort_order=entry.sort_order,
        )
        for entry in source.entries.all()
    ]
    ReviewCatalogEntry.objects.bulk_create(rows)
    return len(rows)


def update_catalog(
    user: User,
    catalog_id: int,
    *,
    effective_from: datetime.date | None,
    change_note: str = "",
    request: Any = None,
) -> ReviewCatalog:
    """Change the effective date and change note of a draft."""
    require(user, Capability.MANAGE_REVIEW_CATALOG)
    if effective_from is None:
        raise ValidationFailed("请填写“施行日期”。", field="effective_from")
    with transaction.atomic():
        catalog = _locked_catalog(user, catalog_id)
        _require_draft(catalog)
        catalog.effective_from = effective_from
        catalog.change_note = (change_note or "").strip()[:500]
        catalog.save(update_fields=["effective_from", "change_note"])
        audit.record(
            "review_catalog_updated",
            actor=user,
            target=catalog,
            agency_id=catalog.agency_id,
            request=request,
            detail={"effective_from": effective_from.isoformat()},
        )
    return catalog


def _clean_entry(catalog: ReviewCatalog, data: EntryInput) -> dict[str, Any]:
    if data.decision_kind not in DecisionKind.values:
        raise ValidationFailed("请选择“决定类型”。", field="decision_kind")
    code = (data.power_item_code or "").strip()
    if code and not PowerItem.objects.filter(agency_id=catalog.agency_id, code=code).exists():
        raise ValidationFailed(
            f"“执法事项编码”{code}不在{catalog.agency.short_name}的权责清单中，"
            "请填写本单位权责清单中的事项编码，或留空表示所有执法事项。",
            field="power_item_code",
        )
    penalty_types = [str(value).strip() for value in data.penalty_types if str(value).strip()]
    unknown = [value for value in penalty_types if value not in PENALTY_LABELS]
    if unknown:
        raise ValidationFailed(
            f"“处罚种类”中的{'、'.join(unknown)}无法识别，请从列表中选择。", field="penalty_types"
        )
    amount = data.min_amount
    has_amount = amount is not None and str(amount).strip() != ""
    values = {
        "decision_kind": data.decision_kind,
        "description": required_text(data.description, "description", "审核事项", 300),
        "power_item_code": code,
        "domain_code": _entry_domain(data.domain_code),
        "min_amount": money(amount, "min_amount", "金额下限") if has_amount else None,
        "penalty_types": penalty_types,
        "other_criteria": (data.other_criteria or "").strip(),
        "legal_source": (data.legal_source or "").strip()[:300],
        "sort_order": _sort_order(data.sort_order),
    }
    if not has_criterion(ReviewCatalogEntry(**values)) and not data.applies_to_all:
        raise ValidationFailed(NO_CRITERION_MESSAGE, field="applies_to_all")
    return values


def _entry_domain(value: str) -> str:
    code = (value or "").strip()
    if code and not EnforcementDomain.objects.filter(code=code).exists():
        raise ValidationFailed(unknown_domain_message(code, "执法领域"), field="domain_code")
    return code


def _sort_order(value: Any) -> int:
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= MAX_SORT_ORDER:
        raise ValidationFailed(
            f"“排序”应为0至{MAX_SORT_ORDER}之间的整数，请重新填写。", field="sort_order"
        )
    return number


def add_entry(
    user: User, catalog_id: int, data: EntryInput, *, request: Any = None
) -> ReviewCatalogEntry:
    """Add an entry to a draft version."""
    require(user, Capability.MANAGE_REVIEW_CATALOG)
    with transaction.atomic():
        catalog = _locked_catalog(user, catalog_id)
        _require_draft(catalog)
        entry = ReviewCatalogEntry.objects.create(catalog=catalog, **_clean_entry(catalog, data))
        _record_entry_change(user, catalog, "added", entry, request)
    return entry


def update_entry(
    user: User, entry_id: int, data: EntryInput, *, request: Any = None
) -> ReviewCatalogEntry:
    """Change an entry of a draft version."""
    require(user, Capability.MANAGE_REVIEW_CATALOG)
    with transaction.atomic():
        entry = _entry_in_scope(user, entry_id)
        catalog = _locked_catalog(user, entry.catalog_id)
        _require_draft(catalog)
        values = _clean_entry(catalog, data)
        for name, value in values.items():
            setattr(entry, name, value)
        entry.save(update_fields=list(values))
        _record_entry_change(user, catalog, "changed", entry, request)
    return entry


def remove_entry(user: User, entry_id: int, *, request: Any = None) -> ReviewCatalog:
    """Delete an entry of a draft version and return its catalog."""
    require(user, Capability.MANAGE_REVIEW_CATALOG)
    with transaction.atomic():
        entry = _entry_in_scope(user, entry_id)
        catalog = _locked_catalog(user, entry.catalog_id)
        _require_draft(catalog)
        _record_entry_change(user, catalog, "removed", entry, request)
        entry.delete()
    return catalog


def _entry_in_scope(user: User, entry_id: int) -> ReviewCatalogEntry:
    entry = restrict(ReviewCatalogEntry.objects.filter(pk=entry_id), user).first()
    if entry is None:
        raise NotFound("目录事项不存在或不在您的管理范围内。")
    return entry


def _record_entry_change(
    user: User, catalog: ReviewCatalog, change: str, entry: ReviewCatalogEntry, request: Any
) -> None:
    audit.record(
        "review_catalog_updated",
        actor=user,
        target=catalog,
        agency_id=catalog.agency_id,
        request=request,
        detail={"entry": change, "entry_id": entry.pk, "description": entry.description},
    )


def file_catalog(user: User, catalog_id: int, *, request: Any = None) -> ReviewCatalog:
    """File a draft with the judicial bureau (报送备案).

    The draft needs at least one entry and an effective date not before today, and the
    agency may have only one version waiting for the bureau at a time.
    """
    require(user, Capability.MANAGE_REVIEW_CATALOG)
    with transaction.atomic():
        catalog = _locked_catalog(user, catalog_id)
        _require_draft(catalog)
        if not catalog.entries.exists():
            raise ValidationFailed("目录清单至少应有一个审核事项，请添加后再报送备案。")
        if catalog.effective_from < today():
            raise ValidationFailed(
                f"“施行日期”{chinese_date(catalog.effective_from)}早于今天，"
                "请改为今天或以后的日期后再报送备案。",
                field="effective_from",
            )
        pending = (
            ReviewCatalog.objects.filter(agency_id=catalog.agency_id, state=CatalogState.FILED)
            .exclude(pk=catalog.pk)
            .first()
        )
        if pending is not None:
            raise InvalidTransition(
                f"第{pending.version}版已报送备案，尚待区司法局审查；审查完毕后才能报送新的版本。"
            )
        catalog.state = CatalogState.FILED
        catalog.filed_by = user
        catalog.filed_at = timezone.now()
        catalog.save(update_fields=["state", "filed_by", "filed_at"])
        audit.record(
            "review_catalog_filed",
            actor=user,
            target=catalog,
            agency_id=catalog.agency_id,
            request=request,
            detail={"version": catalog.version, "entries": catalog.entries.count()},
        )
    logger.info("review catalog %s filed", catalog.pk, extra={"agency_id": catalog.agency_id})
    return catalog


def accept_catalog(
    user: User, catalog_id: int, *, comments: str = "", request: Any = None
) -> ReviewCatalog:
    """Accept a filed version (备案通过), which applies from its effective date."""
    return _decide(user, catalog_id, CatalogState.ACCEPTED, (comments or "").strip(), request)


def return_catalog(
    user: User, catalog_id: int, *, comments: str, request: Any = None
) -> ReviewCatalog:
    """Return a filed version with comments. A returned version never applies."""
    text = required_text(comments, "comments", "退回意见")
    return _decide(user, catalog_id, CatalogState.RETURNED, text, request)


def _decide(
    user: User, catalog_id: int, state: CatalogState, comments: str, request: Any
) -> ReviewCatalog:
    require(user, Capability.ACCEPT_REVIEW_CATALOGS)
    with transaction.atomic():
        catalog = _locked_catalog(user, catalog_id)
        if catalog.state != CatalogState.FILED:
            raise InvalidTransition(
                f"{catalog}状态为“{catalog.get_state_display()}”，只能审查已报送备案的版本。"
            )
        catalog.state = state
        catalog.decided_by = user
        catalog.decided_at = timezone.now()
        catalog.bureau_comments = comments
        catalog.save(update_fields=["state", "decided_by", "decided_at", "bureau_comments"])
        accepted = state == CatalogState.ACCEPTED
        audit.record(
            "review_catalog_accepted" if accepted else "review_catalog_returned",
            actor=user,
            target=catalog,
            agency_id=catalog.agency_id,
            request=request,
            detail={"version": catalog.version, "comments": comments},
        )
    logger.info("review catalog %s %s", catalog.pk, state, extra={"agency_id": catalog.agency_id})
    return catalog


# --- Reading: standing of a version and the bureau's overview --------------------------------

STANDING_LABELS = {
    "in_force": "现行有效",
    "superseded": "已被取代",
    "scheduled": "待施行",
}


def standing(catalog: ReviewCatalog, day: datetime.date, current: ReviewCatalog | None) -> str:
    """Return the label of a version on ``day``, given the version then in force.

    An accepted version is in force, scheduled (its effective date is still to come) or
    superseded: a higher accepted version applies by the later of ``day`` and its effective
    date, so this one never applies again. Other versions show their state.
    """
    if catalog.state != CatalogState.ACCEPTED:
        return catalog.get_state_display()
    if current is not None and catalog.pk == current.pk:
        return STANDING_LABELS["in_force"]
    replaced = ReviewCatalog.objects.filter(
        agency_id=catalog.agency_id,
        state=CatalogState.ACCEPTED,
        version__gt=catalog.version,
        effective_from__lte=max(day, catalog.effective_from),
    ).exists()
    if replaced or catalog.effective_from <= day:
        return STANDING_LABELS["superseded"]
    return STANDING_LABELS["scheduled"]


# Entrusted organisations act in the name of the entrusting agency (行政处罚法 Art. 20), so
# the entrusting agency's catalog covers them and they file none of their own.
FILING_AGENCY_KINDS_EXCLUDED = ("entrusted",)
LOCAL_AGENCY_KINDS = ("town", "street_office")


@dataclass
class FilingRow:
    """One agency in the bureau's overview of catalog filings."""

    agency: Agency
    in_force: ReviewCatalog | None
    pending: ReviewCatalog | None
    latest: ReviewCatalog | None
    ever_filed: bool


@dataclass
class FilingGroup:
    title: str
    rows: list[FilingRow]

    @property
    def never_filed_count(self) -> int:
        return sum(1 for row in self.rows if not row.ever_filed)

    @property
    def without_catalog_in_force_count(self) -> int:
        return sum(1 for row in self.rows if row.in_force is None)


def filing_overview(user: User, day: datetime.date) -> list[FilingGroup]:
    """Return every agency's filing state, district agencies first, then towns and streets."""
    agencies = restrict(Agency.objects.exclude(kind__in=FILING_AGENCY_KINDS_EXCLUDED), user)
    catalogs: dict[int, list[ReviewCatalog]] = {}
    for catalog in restrict(ReviewCatalog.objects.order_by("-version"), user):
        catalogs.setdefault(catalog.agency_id, []).append(catalog)

    district = FilingGroup("区级执法主体", [])
    local = FilingGroup("镇人民政府和街道办事处", [])
    for agency in agencies:
        versions = catalogs.get(agency.pk, [])
        row = FilingRow(
            agency=agency,
            in_force=in_force(agency.pk, day),
            pending=next((c for c in versions if c.state == CatalogState.FILED), None),
            latest=versions[0] if versions else None,
            ever_filed=any(c.filed_at is not None for c in versions),
        )
        (local if agency.kind in LOCAL_AGENCY_KINDS else district).rows.append(row)
    return [district, local]
