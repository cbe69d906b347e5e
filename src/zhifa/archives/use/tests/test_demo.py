import datetime
from collections.abc import Callable

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency
from zhifa.archives.tests.support import archived_case_file, closed_case
from zhifa.archives.use import demo
from zhifa.archives.use.models import UseRequest, UseStatus


def test_demo_load_idempotent(make_user: Callable[..., User], agency_b: Agency) -> None:
    officer = make_user("officer", Role.OFFICER, agency=agency_b)
    make_user("archivist", Role.ARCHIVIST, agency=agency_b)
    for number in ("乙演1", "乙演2"):
        archived_case_file(closed_case(agency_b, officer, number=number), officer)
    today = datetime.date(2026, 12, 5)

    first = demo.load(today)
    second = demo.load(today)

    assert first == {"use_requests": 2, "skipped": 0}
    assert second == {"use_requests": 0, "skipped": 1}
    assert sorted(UseRequest.objects.values_list("status", flat=True)) == [
        UseStatus.APPROVED,
        UseStatus.PENDING,
    ]
