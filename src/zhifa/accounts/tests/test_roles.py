"""Which roles hold which capabilities."""

from zhifa.accounts.roles import Capability, Role, role_capabilities


def test_only_agency_head_sees_full_id_numbers():
    holders = {
        role for role in Role.values if Capability.VIEW_FULL_ID_NUMBERS in role_capabilities(role)
    }
    assert holders == {Role.AGENCY_HEAD}
