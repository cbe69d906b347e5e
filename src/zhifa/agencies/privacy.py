"""The rule for showing an officer's full resident ID number."""

from typing import Any

from zhifa.accounts.roles import Capability
from zhifa.agencies.models import Officer


def may_view_full_id_number(user: Any, officer: Officer) -> bool:
    """Allow the full number only to users of the officer's own agency with the capability."""
    if user is None or not user.is_authenticated:
        return False
    same_agency = user.agency_id is not None and user.agency_id == officer.agency_id
    return same_agency and bool(user.can(Capability.VIEW_FULL_ID_NUMBERS))


def displayed_id_number(user: Any, officer: Officer) -> str:
    if may_view_full_id_number(user, officer):
        return officer.id_number
    return officer.masked_id_number
