"""The rule for showing a party's full ID number on the case pages."""

from collections.abc import Iterable
from typing import Any

from zhifa.accounts.roles import Capability
from zhifa.cases.models import Party


def may_view_full_party_number(user: Any, case_agency_ids: Iterable[int]) -> bool:
    """Allow the full number only to a user with the capability whose agency handles a case.

    The rule matches the one for officers' numbers: of all roles only the agency head holds
    ``view_full_id_numbers``, and only for the agency's own cases.
    """
    if user is None or not user.is_authenticated or user.agency_id is None:
        return False
    return user.agency_id in set(case_agency_ids) and bool(
        user.can(Capability.VIEW_FULL_ID_NUMBERS)
    )


def displayed_party_number(user: Any, party: Party, case_agency_ids: Iterable[int]) -> str:
    """Return the party's personal ID number, masked unless allowed, or its public USCC."""
    if party.uscc:
        return party.uscc
    number = party.id_number or party.other_id_number
    if not number or may_view_full_party_number(user, case_agency_ids):
        return number
    if party.id_number:
        return party.masked_id_number
    return number[:2] + "*" * max(len(number) - 4, 1) + number[-2:]
