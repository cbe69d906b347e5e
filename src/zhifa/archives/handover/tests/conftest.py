import pytest

from zhifa.accounts.roles import Role


@pytest.fixture
def archivist(make_user, agency_a):
    return make_user("archivist_a", Role.ARCHIVIST, agency=agency_a)


@pytest.fixture
def other_archivist(make_user, agency_b):
    return make_user("archivist_b", Role.ARCHIVIST, agency=agency_b)
