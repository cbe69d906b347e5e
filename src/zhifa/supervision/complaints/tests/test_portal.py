import re

import pytest
from django.core.cache import cache
from django.test import Client

from zhifa.agencies.models import Agency
from zhifa.supervision.complaints import guard
from zhifa.supervision.complaints.models import Complaint, SatisfactionRating

FORM_URL = "/complaints/"
LOOKUP_URL = "/complaints/lookup/"
RATE_URL = "/complaints/rate/"


@pytest.fixture(autouse=True)
def _empty_cache(db: None) -> None:
    cache.clear()


def solved(client: Client) -> dict[str, str]:
    page = client.get(FORM_URL).content.decode()
    first, second = map(int, re.search(r"(\d) 加 (\d) 等于几", page).groups())  # type: ignore[union-attr]
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    return {"token": token, "answer": str(first + second)}


def form_data(client: Client, agency: Agency | None = None, **fields: str) -> dict[str, str]:
    data = {
        "kind": "complaint",
        "agency": str(agency.pk) if agency else "",
        "content": "青浦大道某工地夜间施工噪音很大，影响周边居民休息。",
        "name": "张三",
        "phone": "13800000000",
        **solved(client),
    }
    data.update(fields)
    return data


def test_submit_shows_code_once(client: Client, agency_a: Agency) -> None:
    response = client.post(FORM_URL, form_data(client, agency_a))

    assert response.status_code == 200
    complaint = Complaint.objects.get()
    displayed_code = re.search(
        r"查询码：<strong[^>]*>([A-Z0-9-]+)<", response.content.decode()
    ).group(1)  # type: ignore[union-attr]
    assert displayed_code.replace("-", "") == complaint.lookup_code
    assert "no-store" in response["Cache-Control"]


def test_wrong_answer_rejected(client: Client) -> None:
    response = client.post(FORM_URL, form_data(client, answer="99"))

    assert response.status_code == 400
    assert "验证题答案不正确" in response.content.decode()
    assert not Complaint.objects.exists()


def test_token_used_once(client: Client) -> None:
    data = form_data(client)
    client.post(FORM_URL, data)

    again = client.post(FORM_URL, data)

    assert again.status_code == 400
    assert "已使用过" in again.content.decode()
    assert Complaint.objects.count() == 1


def test_forged_token_rejected(client: Client) -> None:
    response = client.post(FORM_URL, form_data(client, token="abc:def", answer="2"))

    assert response.status_code == 400
    assert "验证题无效" in response.content.decode()


def test_honeypot_rejected(client: Client) -> None:
    response = client.post(FORM_URL, form_data(client, website="http://spam.example"))

    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_sixth_post_in_hour_rejected(client: Client) -> None:
    for _ in range(5):
        assert client.post(FORM_URL, form_data(client)).status_code == 200

    sixth = client.post(FORM_URL, form_data(client))

    assert sixth.status_code == 429
    assert "每小时最多提交 5 次" in sixth.content.decode()
    assert Complaint.objects.count() == 5


def test_missing_contact_names_field(client: Client) -> None:
    response = client.post(FORM_URL, form_data(client, phone=""))

    assert response.status_code == 400
    assert "联系电话或电子邮箱" in response.content.decode()


def test_anonymous_allowed(client: Client) -> None:
    response = client.post(FORM_URL, form_data(client, is_anonymous="on", name="", phone=""))

    assert response.status_code == 200
    assert Complaint.objects.get().is_anonymous


def test_lookup_shows_status_not_person(client: Client, agency_a: Agency) -> None:
    client.post(FORM_URL, form_data(client, agency_a))
    complaint = Complaint.objects.get()
    typed = complaint.lookup_code.lower()

    response = client.post(LOOKUP_URL, {"code": typed})

    page = response.content.decode()
    assert response.status_code == 200
    assert "办理中" in page
    assert agency_a.name in page
    assert "张三" not in page
    assert "13800000000" not in page
    assert "夜间施工" not in page


def test_unknown_code_generic(client: Client) -> None:
    unknown = client.post(LOOKUP_URL, {"code": "ABCD-EFGH-JKMN"})
    malformed = client.post(LOOKUP_URL, {"code": "0000"})

    assert unknown.status_code == malformed.status_code == 404
    assert "未找到该查询码" in unknown.content.decode()


def test_lookup_rate_limited(client: Client, settings: object) -> None:
    for _ in range(guard.hourly_limit("lookup")):
        client.post(LOOKUP_URL, {"code": "ABCD-EFGH-JKMN"})

    response = client.post(LOOKUP_URL, {"code": "ABCD-EFGH-JKMN"})

    assert response.status_code == 429


def test_rating_once_per_page(client: Client, agency_a: Agency) -> None:
    data = {"page": "agency", "page_id": str(agency_a.pk), "stars": "4", "comment": "态度很好"}

    first = client.post(RATE_URL, data)
    second = client.post(RATE_URL, data)

    assert first.status_code == 302
    assert first["Location"] == f"/agencies/{agency_a.pk}/?rated=1#satisfaction"
    assert second.status_code == 429
    assert SatisfactionRating.objects.get().stars == 4


def test_rating_of_missing_page(client: Client) -> None:
    response = client.post(RATE_URL, {"page": "decision", "page_id": "999", "stars": "5"})

    assert response.status_code == 404
    assert not SatisfactionRating.objects.exists()


def test_rating_needs_stars(client: Client, agency_a: Agency) -> None:
    response = client.post(RATE_URL, {"page": "agency", "page_id": str(agency_a.pk), "stars": "9"})

    assert response.status_code == 400
    assert "1至5颗星" in response.content.decode()


def test_agency_page_offers_rating(client: Client, agency_a: Agency) -> None:
    page = client.get(f"/agencies/{agency_a.pk}/").content.decode()

    assert 'action="/complaints/rate/"' in page
    assert f'name="page_id" value="{agency_a.pk}"' in page


def test_public_forms_labelled(client: Client) -> None:
    from zhifa.portal.tests.test_display import MarkupAudit

    for url in (FORM_URL, LOOKUP_URL):
        audit = MarkupAudit()
        audit.feed(client.get(url).content.decode())
        assert audit.skip_link, url
        assert all(field and field in audit.labels for field in audit.fields), (url, audit.fields)
