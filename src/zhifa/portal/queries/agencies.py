"""Agencies and their power items (权责清单), as the portal shows them."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from zhifa.agencies.models import Agency, AgencyKind
from zhifa.catalog.models import PowerCategory, PowerItem, PowerItemVersion


@dataclass(frozen=True)
class PublicAgency:
    pk: int
    name: str
    short_name: str
    kind: str
    kind_label: str
    uscc: str
    legal_basis: str
    address: str
    phone: str
    website: str
    is_entrusted: bool
    entrusting_agency_pk: int | None
    entrusting_agency_name: str
    entrustment_document: str
    entrustment_scope: str
    entrustment_starts_on: datetime.date | None
    entrustment_ends_on: datetime.date | None


@dataclass(frozen=True)
class AgencyGroup:
    kind_label: str
    agencies: list[PublicAgency]


@dataclass(frozen=True)
class PublicPowerItemVersion:
    item_pk: int
    code: str
    number: int
    name: str
    category_label: str
    legal_basis: str
    domain_name: str
    effective_from: datetime.date
    effective_to: datetime.date | None


@dataclass(frozen=True)
class PowerItemHistory:
    code: str
    agency_pk: int
    agency_name: str
    versions: list[PublicPowerItemVersion]


# --- Agencies ----------------------------------------------------------------------------------


def _public_agency(agency: Agency) -> PublicAgency:
    entrusting = agency.entrusting_agency
    return PublicAgency(
        pk=agency.pk,
        name=agency.name,
        short_name=agency.short_name,
        kind=agency.kind,
        kind_label=AgencyKind(agency.kind).label,
        uscc=agency.uscc,
        legal_basis=agency.legal_basis,
        address=agency.address,
        phone=agency.phone,
        website=agency.website,
        is_entrusted=agency.kind == AgencyKind.ENTRUSTED,
        entrusting_agency_pk=entrusting.pk if entrusting else None,
        entrusting_agency_name=entrusting.name if entrusting else "",
        entrustment_document=agency.entrustment_document,
        entrustment_scope=agency.entrustment_scope,
        entrustment_starts_on=agency.entrustment_starts_on,
        entrustment_ends_on=agency.entrustment_ends_on,
    )


def agency_groups() -> list[AgencyGroup]:
    """Return every agency, grouped by kind in the order of ``AgencyKind``."""
    agencies = [
        _public_agency(agency) for agency in Agency.objects.select_related("entrusting_agency")
    ]
    groups = []
    for kind in AgencyKind:
        members = [agency for agency in agencies if agency.kind == kind]
        if members:
            groups.append(AgencyGroup(kind_label=kind.label, agencies=members))
    return groups


def agency_options() -> list[tuple[int, str]]:
    """Return (pk, name) of every agency, for the agency filter of the decision search."""
    return list(Agency.objects.order_by("sort_order", "name").values_list("pk", "name"))


def find_agency(pk: int) -> PublicAgency | None:
    agency = Agency.objects.select_related("entrusting_agency").filter(pk=pk).first()
    return _public_agency(agency) if agency is not None else None


# --- Power items -------------------------------------------------------------------------------


def _public_version(version: PowerItemVersion) -> PublicPowerItemVersion:
    return PublicPowerItemVersion(
        item_pk=version.item_id,
        code=version.item.code,
        number=version.number,
        name=version.name,
        category_label=PowerCategory(version.category).label,
        legal_basis=version.legal_basis,
        domain_name=version.domain.name if version.domain else "",
        effective_from=version.effective_from,
        effective_to=version.effective_to,
    )


def power_items_in_force(agency_pk: int, day: datetime.date) -> list[PublicPowerItemVersion]:
    """Return the version of each of the agency's power items that is in force on ``day``."""
    versions = (
        PowerItemVersion.objects.select_related("item", "domain")
        .filter(item__agency_id=agency_pk, effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("item__code", "-effective_from", "-number")
    )
    # Versions of one item should not overlap; if they do, the latest start wins, as in
    # PowerItem.version_on.
    current: dict[int, PublicPowerItemVersion] = {}
    for version in versions:
        current.setdefault(version.item_id, _public_version(version))
    return list(current.values())


def power_item_history(agency_pk: int, item_pk: int, day: datetime.date) -> PowerItemHistory | None:
    """Return the versions of one item that had come into force by ``day``, newest first.

    Versions that start after ``day`` are not yet public and are left out.
    """
    item = (
        PowerItem.objects.select_related("agency").filter(pk=item_pk, agency_id=agency_pk).first()
    )
    if item is None:
        return None
    versions = (
        item.versions.select_related("item", "domain")
        .filter(effective_from__lte=day)
        .order_by("-number")
    )
    return PowerItemHistory(
        code=item.code,
        agency_pk=item.agency_id,
        agency_name=item.agency.name,
        versions=[_public_version(version) for version in versions],
    )
