"""Ex-ante lists (事前公开清单) and the legal review catalog in force, as the portal shows them.

Only the fields that a list's schema names are copied from a version's ``content``. Any other
key stored there stays out of the dataclasses, so the pages cannot show it.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q

from zhifa.agencies.models import Agency, EnforcementDomain
from zhifa.cases.rules.penalty import PENALTY_LABELS
from zhifa.catalog.lists.schemas import ListSchema, schema_for
from zhifa.catalog.models import ListEntry, ListEntryVersion, ListKind
from zhifa.review import catalogs as review_catalogs
from zhifa.review.models import DecisionKind

# The service guide field whose lines are the steps of the flow chart.
FLOW_STEPS_KEY = "flow_steps"

DECISION_KIND_LABELS = dict(DecisionKind.choices)


@dataclass(frozen=True)
class PublicListField:
    label: str
    value: str
    multiline: bool


@dataclass(frozen=True)
class PublicListEntry:
    entry_pk: int
    code: str
    number: int
    title: str
    fields: list[PublicListField]
    flow_steps: list[str]
    power_item_code: str
    effective_from: datetime.date
    effective_to: datetime.date | None


@dataclass(frozen=True)
class PublicListKind:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class PublicList:
    kind: str
    label: str
    code_label: str
    title_label: str
    agency_pk: int
    agency_name: str
    entries: list[PublicListEntry]


@dataclass(frozen=True)
class ListEntryHistory:
    kind: str
    label: str
    code: str
    title_label: str
    agency_pk: int
    agency_name: str
    versions: list[PublicListEntry]


@dataclass(frozen=True)
class PublicCatalogEntry:
    decision_kind_label: str
    description: str
    power_item_code: str
    domain_name: str
    min_amount: Decimal | None
    penalty_labels: list[str]
    other_criteria: str
    legal_source: str


@dataclass(frozen=True)
class PublicReviewCatalog:
    version: int
    effective_from: datetime.date
    entries: list[PublicCatalogEntry]


def is_list_kind(kind: str) -> bool:
    return kind in ListKind.values


# --- Ex-ante lists -----------------------------------------------------------------------------


def _in_force(day: datetime.date) -> Q:
    return Q(effective_from__lte=day) & (Q(effective_to__isnull=True) | Q(effective_to__gte=day))


def _public_entry(version: ListEntryVersion, schema: ListSchema) -> PublicListEntry:
    content = version.content if isinstance(version.content, dict) else {}
    fields = []
    flow_steps: list[str] = []
    for field in schema.fields:
        value = str(content.get(field.key) or "").strip()
        if field.key == FLOW_STEPS_KEY:
            flow_steps = [line.strip() for line in value.splitlines() if line.strip()]
            continue
        fields.append(PublicListField(field.label, value, field.multiline))
    return PublicListEntry(
        entry_pk=version.entry_id,
        code=version.entry.code,
        number=version.number,
        title=version.title,
        fields=fields,
        flow_steps=flow_steps,
        power_item_code=version.power_item.code if version.power_item else "",
        effective_from=version.effective_from,
        effective_to=version.effective_to,
    )


def list_kinds(agency_pk: int, day: datetime.date) -> list[PublicListKind]:
    """Return every list kind with the number of the agency's entries in force on ``day``."""
    rows = (
        ListEntryVersion.objects.filter(_in_force(day), entry__agency_id=agency_pk)
        .values("entry__kind")
        .annotate(count=Count("entry_id", distinct=True))
    )
    counts = {row["entry__kind"]: row["count"] for row in rows}
    return [PublicListKind(kind, kind.label, counts.get(kind.value, 0)) for kind in ListKind]


def list_in_force(agency_pk: int, kind: str, day: datetime.date) -> PublicList | None:
    """Return the agency's list of ``kind`` with the version of each entry in force on ``day``."""
    agency = Agency.objects.filter(pk=agency_pk).first()
    if agency is None or not is_list_kind(kind):
        return None

    schema = schema_for(kind)
    versions = (
        ListEntryVersion.objects.select_related("entry", "power_item")
        .filter(_in_force(day), entry__agency_id=agency_pk, entry__kind=kind)
        .order_by("entry__code", "-effective_from", "-number")
    )
    # Versions of one entry should not overlap; if they do, the latest start wins, as in
    # ListEntry.version_on.
    current: dict[int, PublicListEntry] = {}
    for version in versions:
        if version.entry_id not in current:
            current[version.entry_id] = _public_entry(version, schema)

    return PublicList(
        kind=kind,
        label=schema.label,
        code_label=schema.code_label,
        title_label=schema.title_label,
        agency_pk=agency.pk,
        agency_name=agency.name,
        entries=list(current.values()),
    )


def list_entry_history(
    agency_pk: int, kind: str, entry_pk: int, day: datetime.date
) -> ListEntryHistory | None:
    """Return the versions of one entry that had come into force by ``day``, newest first.

    Versions that start after ``day`` are not yet public and are left out, and so is a
    version withdrawn before it took effect (its end lies before its start).
    """
    if not is_list_kind(kind):
        return None
    entry = (
        ListEntry.objects.select_related("agency")
        .filter(pk=entry_pk, agency_id=agency_pk, kind=kind)
        .first()
    )
    if entry is None:
        return None

    schema = schema_for(kind)
    versions = (
        entry.versions.select_related("entry", "power_item")
        .filter(effective_from__lte=day)
        .exclude(effective_to__lt=F("effective_from"))
        .order_by("-number")
    )
    return ListEntryHistory(
        kind=kind,
        label=schema.label,
        code=entry.code,
        title_label=schema.title_label,
        agency_pk=entry.agency_id,
        agency_name=entry.agency.name,
        versions=[_public_entry(version, schema) for version in versions],
    )


# --- Legal review catalog ----------------------------------------------------------------------


def review_catalog_in_force(agency_pk: int, day: datetime.date) -> PublicReviewCatalog | None:
    """Return the agency's accepted review catalog in force on ``day``, or None."""
    catalog = review_catalogs.in_force(agency_pk, day)
    if catalog is None:
        return None

    entries = list(catalog.entries.all())
    domain_codes = {entry.domain_code for entry in entries if entry.domain_code}
    domain_names = dict(
        EnforcementDomain.objects.filter(code__in=domain_codes).values_list("code", "name")
    )
    return PublicReviewCatalog(
        version=catalog.version,
        effective_from=catalog.effective_from,
        entries=[
            PublicCatalogEntry(
                decision_kind_label=DECISION_KIND_LABELS.get(
                    entry.decision_kind, entry.decision_kind
                ),
                description=entry.description,
                power_item_code=entry.power_item_code,
                domain_name=domain_names.get(entry.domain_code, entry.domain_code),
                min_amount=entry.min_amount,
                penalty_labels=[PENALTY_LABELS.get(code, code) for code in entry.penalty_types],
                other_criteria=entry.other_criteria,
                legal_source=entry.legal_source,
            )
            for entry in entries
        ],
    )
