"""The back-office menu marks exactly one entry as the current page."""

import pytest
from django.test import Client

from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("/office/archives/", "案卷归档"),
        ("/office/archives/handover/", "档案移交"),
        ("/office/archives/checks/", "四性检测"),
    ],
)
def test_menu_marks_longest_match(make_user, agency_a: Agency, path, label) -> None:
    user = make_user("archivist_nav", Role.ARCHIVIST, agency=agency_a)
    client = Client()
    client.force_login(user)

    response = client.get(path)

    assert response.status_code == 200
    current = [item for item in response.context["office_navigation"] if item["active"]]
    assert [item["label"] for item in current] == [label]
