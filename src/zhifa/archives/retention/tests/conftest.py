from collections.abc import Callable

import pytest

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency


@pytest.fixture
def archivist_a(make_user: Callable[..., User], agency_a: Agency) -> User:
    return make_user("archivist_a", Role.ARCHIVIST, agency=agency_a)


@pytest.fixture
def archivist_b(make_user: Callable[..., User], agency_b: Agency) -> User:
    return make_user("archivist_b", Role.ARCHIVIST, agency=agency_b)


@pytest.fixture
def bureau_user(make_user: Callable[..., User]) -> User:
    return make_user("dangan_test", Role.ARCHIVES_BUREAU)
