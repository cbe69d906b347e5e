"""The client address behind reverse proxies, as the audit log and the login lockout see it."""

import pytest
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from zhifa.accounts.models import AuditEntry
from zhifa.core.client_address import client_ip

# (trusted proxies, REMOTE_ADDR, X-Forwarded-For or None, expected address)
CASES = [
    (0, "10.0.0.1", None, "10.0.0.1"),
    (0, "10.0.0.1", "203.0.113.7", "10.0.0.1"),
    (1, "10.0.0.1", "203.0.113.7", "203.0.113.7"),
    (1, "10.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7"),
    (2, "10.0.0.2", "198.51.100.1, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
    (2, "10.0.0.2", "203.0.113.7, 10.0.0.1", "203.0.113.7"),
    (2, "10.0.0.2", "10.0.0.1", "10.0.0.2"),
    (1, "10.0.0.1", None, "10.0.0.1"),
    (1, "10.0.0.1", "", "10.0.0.1"),
    (1, "10.0.0.1", " , ", "10.0.0.1"),
    (1, "10.0.0.1", "not-an-address", "10.0.0.1"),
    (1, "10.0.0.1", "2001:db8::1", "2001:db8::1"),
    (0, "", None, None),
]


@pytest.mark.parametrize(("proxies", "remote", "forwarded", "expected"), CASES)
def test_client_ip_table(settings, proxies, remote, forwarded, expected):
    settings.ZHIFA_TRUSTED_PROXY_COUNT = proxies
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    assert client_ip(request) == expected


def test_client_ip_without_request():
    assert client_ip(None) is None


def test_axes_uses_same_address(settings):
    settings.ZHIFA_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7"
    )
    assert get_client_ip_address(request) == "203.0.113.7"


def test_login_audit_records_forwarded_address(client, settings, officer_user):
    settings.ZHIFA_TRUSTED_PROXY_COUNT = 1
    client.post(
        reverse("accounts:login"),
        {"username": "officer_a", "password": "wrong-password"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.ip_address == "203.0.113.7"
    attempt = AccessAttempt.objects.get(username="officer_a")
    assert attempt.ip_address == "203.0.113.7"


def test_lockout_is_per_forwarded_address(client, settings, officer_user):
    """Behind one proxy, a lockout of one visitor does not lock out the others."""
    settings.ZHIFA_TRUSTED_PROXY_COUNT = 1
    url = reverse("accounts:login")
    wrong = {"username": "officer_a", "password": "wrong-password"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, wrong, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    locked = client.post(url, wrong, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert locked.status_code == 429

    other = client.post(url, wrong, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 200
