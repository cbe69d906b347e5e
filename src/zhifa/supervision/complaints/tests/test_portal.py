import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.utils import timezone

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
    assert "每小时最多提交 5 件" in sixth.content.decode()
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


def test_form_controls_styled(client: Client) -> None:
    page = client.get(FORM_URL).content.decode()

    assert 'class="button-primary">提交</button>' in page
    assert "toggle-button" not in page.split("<form", 1)[1]
    assert re.search(r'<label class="choice" for="id_kind_0"><input type="radio"', page)
    assert re.search(r'<label class="choice" for="id_is_anonymous"><input type="checkbox"', page)


def test_help_text_ids_match(client: Client) -> None:
    page = client.get(FORM_URL).content.decode()

    for name in ("decision_number", "content", "is_anonymous"):
        assert f'aria-describedby="id_{name}_helptext"' in page, name
        assert f'id="id_{name}_helptext"' in page, name


def test_anonymous_drops_contact(client: Client) -> None:
    response = client.post(
        FORM_URL, form_data(client, is_anonymous="on", name="张三", phone="电话不给")
    )

    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.is_anonymous
    assert complaint.name == ""
    assert complaint.phone == ""
    assert complaint.email == ""


def test_anonymous_explained_on_form(client: Client) -> None:
    page = client.get(FORM_URL).content.decode()

    assert "姓名、电话和邮箱不会保存" in page


def test_form_lists_every_error(client: Client) -> None:
    response = client.post(FORM_URL, form_data(client, content="太吵", name="", phone="12"))

    page = response.content.decode()
    assert response.status_code == 400
    assert "至少10个字" in page
    assert "实名投诉举报请填写姓名或名称" in page
    assert "联系电话“12”无效" in page


def test_failed_posts_keep_quota(client: Client) -> None:
    client.post(FORM_URL, form_data(client, answer="99"))
    client.post(FORM_URL, form_data(client, website="http://spam.example"))
    client.post(FORM_URL, form_data(client, content=""))
    for _ in range(5):
        assert client.post(FORM_URL, form_data(client)).status_code == 200

    sixth = client.post(FORM_URL, form_data(client))

    assert sixth.status_code == 429
    assert Complaint.objects.count() == 5


def test_failed_posts_limited(client: Client, settings: object) -> None:
    settings.ZHIFA_COMPLAINT_FAILED_POSTS_PER_HOUR = 2  # type: ignore[attr-defined]
    for _ in range(2):
        assert client.post(FORM_URL, form_data(client, answer="99")).status_code == 400

    third = client.post(FORM_URL, form_data(client))

    assert third.status_code == 429
    assert "未成功的提交次数过多" in third.content.decode()
    assert not Complaint.objects.exists()


def test_counter_lasts_the_hour(rf: RequestFactory) -> None:
    # Django's DatabaseCache.incr stores an entry again with the 300-second default timeout.
    request = rf.post(LOOKUP_URL)
    guard.count_hit(request, "lookup")
    guard.count_hit(request, "lookup")
    key = cache.make_and_validate_key(f"complaints:lookup:{guard.address_digest(request)}")

    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM zhifa_cache WHERE cache_key = %s", [key])
        (expires,) = cursor.fetchone()

    if isinstance(expires, str):
        expires = datetime.datetime.fromisoformat(expires)
    if timezone.is_naive(expires):
        expires = expires.replace(tzinfo=datetime.UTC)
    assert expires - timezone.now() > datetime.timedelta(minutes=50)
    assert guard.hit_count(request, "lookup") == 2


def test_lookup_dates_receipt(client: Client, supervisor_user: object, agency_a: Agency) -> None:
    import json

    from zhifa.supervision.complaints.actions import import_hotline_file

    ticket = {
        "ticket_id": "GD900",
        "kind": "投诉",
        "received_at": "2026-09-30T10:00:00+08:00",
        "agency": "朱家角镇",
        "name": "李四",
        "phone": "13900000000",
        "content": "北大街夜间施工噪音扰民，多次反映未处理，请城管部门核查。",
    }
    import_hotline_file(None, "t.json", json.dumps([ticket], ensure_ascii=False).encode())
    code = Complaint.objects.get().lookup_code

    page = client.post(LOOKUP_URL, {"code": code}).content.decode()

    assert "2026年9月30日 10:00 收到" in page


def test_rating_long_comment_message(client: Client, agency_a: Agency) -> None:
    data = {"page": "agency", "page_id": str(agency_a.pk), "stars": "4", "comment": "好" * 501}

    response = client.post(RATE_URL, data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "意见不超过500个字" in page
    assert f'href="/agencies/{agency_a.pk}/"' in page
    assert not SatisfactionRating.objects.exists()


def test_rating_missing_page_no_dead_link(client: Client) -> None:
    response = client.post(RATE_URL, {"page": "agency", "page_id": "999999", "stars": "5"})

    page = response.content.decode()
    assert response.status_code == 404
    assert "评价的页面不存在" in page
    assert "返回原页面" not in page
    assert "返回首页" in page


def test_rating_hourly_limit_message(
    client: Client, agency_a: Agency, agency_b: Agency, settings: object
) -> None:
    settings.ZHIFA_RATINGS_PER_HOUR = 1  # type: ignore[attr-defined]
    client.post(RATE_URL, {"page": "agency", "page_id": str(agency_a.pk), "stars": "4"})

    other = client.post(RATE_URL, {"page": "agency", "page_id": str(agency_b.pk), "stars": "4"})

    page = other.content.decode()
    assert other.status_code == 429
    assert "每小时最多评价1次" in page
    assert "您已评价过本页面" not in page
