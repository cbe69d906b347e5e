"""Finding or registering a party in the district register by its normalised number."""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from zhifa.cases.models import Party, PartyKind
from zhifa.core.identifiers import check_id_number, check_uscc, convert_legacy_id

logger = logging.getLogger(__name__)

# GB 32100: the first two characters are the registering authority and the entity type;
# "92" is an individual business (个体工商户) registered by market regulation.
USCC_INDIVIDUAL_BUSINESS_PREFIX = "92"


@dataclass(frozen=True)
class PartyIdentity:
    """A party as another system or a list gives it, with its number already validated."""

    kind: str
    name: str
    id_number: str = ""
    uscc: str = ""
    address: str = ""


def normalized_id_number(value: str) -> str | None:
    """Return the 18-digit form of a valid ID number, or None when it is invalid."""
    result = check_id_number(value)
    if not result.valid:
        return None
    return convert_legacy_id(result.normalized) if result.legacy else result.normalized


def normalized_uscc(value: str) -> str | None:
    result = check_uscc(value)
    return result.normalized if result.valid else None


def kind_for_uscc(uscc: str) -> str:
    if uscc.startswith(USCC_INDIVIDUAL_BUSINESS_PREFIX):
        return PartyKind.INDIVIDUAL_BUSINESS
    return PartyKind.LEGAL_PERSON


def find_or_register_party(identity: PartyIdentity) -> tuple[Party, bool]:
    """Return the party with this USCC (or else ID number), registering it when new.

    An existing party keeps its stored name, type and address: the register is shared by all
    agencies, so one agency's spelling does not overwrite another's. Call inside a transaction.
    """
    if identity.uscc:
        lookup = {"uscc": identity.uscc}
    elif identity.id_number:
        lookup = {"id_number": identity.id_number}
    else:
        raise ValueError("a party needs an ID number or a USCC to be registered")

    existing = Party.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    try:
        # A savepoint, so losing a race with another import keeps the caller's transaction.
        with transaction.atomic():
            party = Party.objects.create(
                kind=identity.kind,
                name=identity.name,
                id_number=identity.id_number,
                uscc=identity.uscc,
                address=identity.address,
            )
    except IntegrityError:
        logger.info("party %s registered concurrently", lookup)
        return Party.objects.get(**lookup), False
    return party, True
