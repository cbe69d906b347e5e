"""The masking policy pages: reading, editing defaults and overrides, and refusals."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency
from zhifa.publicity.models.policies import MaskingPolicy

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
LIST_URL = reverse("publicity:masking_list")
EDIT_URL = reverse("publicity:masking_edit")


def logged_in(client: Client, user: User) -> Client:
    client.force_login(user, backend=MODEL_BACKEND)
    return client


@pytest.fixture
def approver(make_user: Callable[..., User], agency_a: Agency) -> User:
    return make_user("fabu_a", Role.PUBLICATION_APPROVER, agency=agency_a)


def test_list_shows_defaults(client: Client, officer_user: User) -> None:
    response = logged_in(client, officer_user).get(LIST_URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "保留姓氏（某某）" in page
    assert "浙江省行政处罚结果信息网上公开暂行办法" in page
    assert "修改区默认</a>" not in page
    assert "设置本单位规则</a>" not in page


def test_list_needs_login(client: Client) -> None:
    response = client.get(LIST_URL)
    assert response.status_code == 302


def test_security_admin_refused(client: Client, security_admin_user: User) -> None:
    response = logged_in(client, security_admin_user).get(LIST_URL)
    assert response.status_code == 403


def test_supervisor_edits_default(client: Client, supervisor_user: User) -> None:
    logged_in(client, supervisor_user)
    assert "修改区默认</a>" in client.get(LIST_URL).content.decode()
    form = client.get(EDIT_URL, {"party_kind": "natural_person", "field": "phone"})
    assert form.status_code == 200

    data = {
        "agency": "",
        "party_kind": "natural_person",
        "field": "phone",
        "method": "partial",
        "source": "本区试行",
    }
    response = client.post(EDIT_URL, data)
    assert response.status_code == 302
    row = MaskingPolicy.objects.get(agency=None, party_kind="natural_person", field="phone")
    assert row.method == "partial"


def test_default_without_source_shows_error(client: Client, supervisor_user: User) -> None:
    data = {"agency": "", "party_kind": "natural_person", "field": "phone", "method": "partial"}
    response = logged_in(client, supervisor_user).post(EDIT_URL, data)
    assert response.status_code == 200
    assert "请填写区默认规则的“依据”" in response.content.decode()


def test_approver_sets_and_removes_override(
    client: Client, approver: User, agency_a: Agency
) -> None:
    logged_in(client, approver)
    data = {
        "agency": str(agency_a.pk),
        "party_kind": "natural_person",
        "field": "name",
        "method": "full",
    }
    response = client.post(EDIT_URL, data)
    assert response.status_code == 302
    row = MaskingPolicy.objects.get(agency=agency_a, field="name")

    page = client.get(LIST_URL).content.decode()
    assert "本单位" in page
    assert "恢复区默认" in page

    client.post(reverse("publicity:masking_remove", args=[row.pk]))
    assert not MaskingPolicy.objects.filter(pk=row.pk).exists()


def test_approver_cannot_choose_default(client: Client, approver: User) -> None:
    data = {
        "agency": "",
        "party_kind": "natural_person",
        "field": "name",
        "method": "full",
        "source": "x",
    }
    response = logged_in(client, approver).post(EDIT_URL, data)
    assert response.status_code == 200
    row = MaskingPolicy.objects.get(agency=None, party_kind="natural_person", field="name")
    assert row.method == "surname"


def test_approver_cannot_choose_other_agency(
    client: Client, approver: User, agency_b: Agency
) -> None:
    data = {
        "agency": str(agency_b.pk),
        "party_kind": "natural_person",
        "field": "name",
        "method": "full",
    }
    response = logged_in(client, approver).post(EDIT_URL, data)
    assert response.status_code == 200
    assert not MaskingPolicy.objects.filter(agency=agency_b).exists()


def test_officer_cannot_edit(client: Client, officer_user: User, agency_a: Agency) -> None:
    data = {
        "agency": str(agency_a.pk),
        "party_kind": "natural_person",
        "field": "name",
        "method": "full",
    }
    response = logged_in(client, officer_user).post(EDIT_URL, data)
    assert response.status_code == 302
    assert not MaskingPolicy.objects.filter(agency=agency_a).exists()


def test_officer_cannot_remove(
    client: Client, officer_user: User, approver: User, agency_a: Agency
) -> None:
    row = MaskingPolicy.objects.create(
        agency=agency_a, party_kind="natural_person", field="name", method="full"
    )
    response = logged_in(client, officer_user).post(
        reverse("publicity:masking_remove", args=[row.pk])
    )
    assert response.status_code == 403
    assert MaskingPolicy.objects.filter(pk=row.pk).exists()


def test_looser_override_shows_error(client: Client, approver: User, agency_a: Agency) -> None:
    data = {
        "agency": str(agency_a.pk),
        "party_kind": "natural_person",
        "field": "id_number",
        "method": "keep",
    }
    response = logged_in(client, approver).post(EDIT_URL, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "本单位规则不能比区默认规则宽松" in page
    assert "“身份证号”区默认为“部分遮蔽”" in page
    assert not MaskingPolicy.objects.filter(agency=agency_a).exists()
