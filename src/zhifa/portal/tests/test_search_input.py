"""The credential search reads full-width input and counts lookups per client address."""

import pytest
from django.urls import reverse

from zhifa.portal.queries import normalise_credential_number


@pytest.fixture
def valid_credential(make_credential):
    return make_credential("张建国", number="3101180001")


# (typed, normalised)
NORMALISING_CASES = [
    ("3101180001", "3101180001"),
    ("３１０１１８０００１", "3101180001"),
    ("\u30003101180001\u3000", "3101180001"),
    ("3101 180 001", "3101180001"),
    ("　３１０１　１８０００１ ", "3101180001"),
    ("ＱＰ-001", "QP-001"),
    ("", ""),
]


@pytest.mark.parametrize(("typed", "expected"), NORMALISING_CASES)
def test_normalise_credential_number_table(typed, expected):
    assert normalise_credential_number(typed) == expected


@pytest.mark.parametrize("typed", ["３１０１１８０００１", "\u3000 3101180001 \u3000"])
def test_search_finds_full_width_number(client, valid_credential, typed):
    response = client.get(reverse("portal:credential_search"), {"number": typed})
    assert response.status_code == 200
    assert "张建国" in response.content.decode()


def test_search_still_rejects_partial_full_width(client, valid_credential):
    response = client.get(reverse("portal:credential_search"), {"number": "３１０１１８"})
    assert "张建国" not in response.content.decode()


def test_search_limit_counts_forwarded_address(client, settings, valid_credential):
    settings.ZHIFA_TRUSTED_PROXY_COUNT = 1
    settings.ZHIFA_CREDENTIAL_SEARCH_LIMIT = 2
    url = reverse("portal:credential_search")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(2):
        assert (
            client.get(
                url, {"number": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy
            ).status_code
            == 200
        )
    refused = client.get(url, {"number": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert refused.status_code == 429

    # Another visitor behind the same proxy has their own count.
    other = client.get(url, {"number": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy)
    assert other.status_code == 200


def test_search_limit_ignores_forwarded_header_without_proxy(client, settings, valid_credential):
    settings.ZHIFA_CREDENTIAL_SEARCH_LIMIT = 1
    url = reverse("portal:credential_search")
    assert client.get(url, {"number": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 200
    # A forged header does not buy a new count when no proxy is trusted.
    forged = client.get(url, {"number": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert forged.status_code == 429
