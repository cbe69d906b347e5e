"""Enforcement credentials (执法证件) for verification by QR token or by number."""

import datetime
import unicodedata
from dataclasses import dataclass

from django.core.files import File
from django.db.models import QuerySet

from zhifa.agencies.models import Credential, CredentialStatus


@dataclass(frozen=True)
class PublicCredential:
    verify_token: str
    number: str
    officer_name: str
    agency_name: str
    domain_names: list[str]
    issuing_authority: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    validity_label: str
    is_valid: bool
    has_photo: bool


@dataclass(frozen=True)
class PublicOfficer:
    """An officer whose credential is valid on the day shown; no ID number, no photo."""

    full_name: str
    credential_number: str
    domain_names: list[str]
    valid_until: datetime.date


# --- Credentials -------------------------------------------------------------------------------


def _credentials() -> QuerySet[Credential]:
    return Credential.objects.select_related("officer", "officer__agency").prefetch_related(
        "domains"
    )


def _public_credential(credential: Credential, day: datetime.date) -> PublicCredential:
    return PublicCredential(
        verify_token=credential.verify_token,
        number=credential.number or "",
        officer_name=credential.officer.full_name,
        agency_name=credential.officer.agency.name,
        domain_names=[domain.name for domain in credential.domains.all()],
        issuing_authority=credential.issuing_authority,
        valid_from=credential.valid_from,
        valid_until=credential.valid_until,
        validity_label=credential.validity_label(day),
        is_valid=credential.is_valid_on(day),
        has_photo=bool(credential.officer.photo),
    )


def credential_by_token(token: str, day: datetime.date) -> PublicCredential | None:
    credential = _credentials().filter(verify_token=token).first()
    return _public_credential(credential, day) if credential is not None else None


def normalise_credential_number(number: str) -> str:
    """Fold full-width characters to half-width (NFKC) and drop all spaces.

    A visitor typing on a Chinese input method may enter ``３１１８０００１`` or a
    full-width space; both should find the card numbered ``31180001``.
    """
    folded = unicodedata.normalize("NFKC", number)
    return "".join(folded.split())


def credential_by_number(number: str, day: datetime.date) -> PublicCredential | None:
    """Return the credential whose number equals ``number`` exactly; no partial matching.

    ``number`` is normalised first by ``normalise_credential_number``.
    """
    number = normalise_credential_number(number)
    if not number:
        return None
    credential = _credentials().filter(number=number).first()
    return _public_credential(credential, day) if credential is not None else None


def credential_photo(token: str) -> File | None:
    """Return the officer's photo for the credential with ``token``, or None."""
    credential = Credential.objects.select_related("officer").filter(verify_token=token).first()
    if credential is None or not credential.officer.photo:
        return None
    return credential.officer.photo


def officers_with_valid_credentials(agency_pk: int, day: datetime.date) -> list[PublicOfficer]:
    """Return the agency's serving officers whose credential is valid on ``day``.

    The filter repeats ``Credential.is_valid_on`` in SQL (active, and ``day`` within the
    validity dates) and leaves out officers no longer in post. Ordered by credential number.
    """
    credentials = (
        _credentials()
        .filter(
            officer__agency_id=agency_pk,
            officer__is_active=True,
            status=CredentialStatus.ACTIVE,
            valid_from__lte=day,
            valid_until__gte=day,
        )
        .order_by("number")
    )
    return [
        PublicOfficer(
            full_name=credential.officer.full_name,
            credential_number=credential.number or "",
            domain_names=[domain.name for domain in credential.domains.all()],
            valid_until=credential.valid_until,
        )
        for credential in credentials
        if credential.valid_until is not None
    ]
