"""API tokens expire after the lifetime chosen when they were issued."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts import actions
from zhifa.accounts.models import ApiToken
from zhifa.core.errors import ValidationFailed


def api_get(client, key):
    return client.get("/api/officers", headers={"Authorization": f"Bearer {key}"})


@pytest.mark.parametrize("days", [30, 90, 180])
def test_token_form_sets_chosen_lifetime(client, officer_user, days):
    client.force_login(officer_user)
    before = timezone.now()
    response = client.post(reverse("accounts:token_issue"), {"name": "对接", "days": days})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=officer_user)
    expected = before + datetime.timedelta(days=days)
    assert abs(token.expires_at - expected) < datetime.timedelta(minutes=1)


def test_token_form_offers_lifetimes(client, officer_user):
    client.force_login(officer_user)
    page = client.get(reverse("accounts:profile")).content.decode()
    for label in ["30 天", "90 天", "180 天"]:
        assert label in page


def test_default_lifetime_comes_from_setting(settings, officer_user):
    settings.ZHIFA_API_TOKEN_DAYS = 60
    token, _key = actions.issue_api_token(officer_user, "对接")
    lifetime = token.expires_at - token.created_at
    assert abs(lifetime - datetime.timedelta(days=60)) < datetime.timedelta(minutes=1)
    assert actions.api_token_day_choices() == [30, 60, 90, 180]


def test_token_rejects_other_lifetime(officer_user):
    with pytest.raises(ValidationFailed) as error:
        actions.issue_api_token(officer_user, "对接", days=3650)
    assert error.value.field == "days"
    assert not ApiToken.objects.exists()


def test_token_form_rejects_other_lifetime(client, officer_user):
    client.force_login(officer_user)
    response = client.post(reverse("accounts:token_issue"), {"name": "对接", "days": 3650})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()


def test_expired_token_is_refused_by_api(client, officer_user):
    token, key = actions.issue_api_token(officer_user, "对接", days=30)
    assert api_get(client, key).status_code == 200

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    response = api_get(client, key)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_expired_token_is_shown_as_expired(client, officer_user):
    token, _key = actions.issue_api_token(officer_user, "过期对接", days=30)
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    client.force_login(officer_user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "已过期" in page
    assert reverse("accounts:token_revoke", args=[token.pk]) not in page


def test_valid_token_is_shown_as_valid(client, officer_user):
    token, _key = actions.issue_api_token(officer_user, "对接", days=90)
    client.force_login(officer_user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "已过期" not in page
    assert timezone.localtime(token.expires_at).strftime("%Y-%m-%d") in page
