"""Manual entry checks: domain, amounts, penalty types, phone, USCC, control characters."""

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.agencies.models import EnforcementDomain
from zhifa.core.errors import ValidationFailed
from zhifa.core.identifiers import org_code_check_char, uscc_check_char
from zhifa.publicity.drafting import drafts
from zhifa.publicity.drafting.manual import PartyInput
from zhifa.publicity.models import Publication, PublicationStatus
from zhifa.publicity.tests.drafting_support import PERSON_TEXT, person_penalty_input

pytestmark = pytest.mark.django_db

BASE = "/api/publicity/publications"


def company_uscc() -> str:
    body = "MA1QP7D8"
    first17 = f"91310118{body}{org_code_check_char(body)}"
    return first17 + uscc_check_char(first17)


@pytest.fixture
def market() -> EnforcementDomain:
    return EnforcementDomain.objects.create(code="market", name="市场监管")


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def enter(agency, officer, **overrides: Any) -> Publication:
    return drafts.enter_manually(officer, person_penalty_input(agency, **overrides))


def refusal(agency, officer, **overrides: Any) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        enter(agency, officer, **overrides)
    assert not Publication.objects.exists()
    return caught.value


def test_domain_stored_and_rule_applied(agency_a, officer_user, market) -> None:
    publication = enter(
        agency_a, officer_user, domain_code="market", penalty_types=["warning"], fine=None
    )

    assert publication.original["facts"]["domain_codes"] == ["market"]
    # Warning-only penalties in market regulation are not published.
    assert publication.status == PublicationStatus.EXCLUDED


def test_unknown_domain_refused(agency_a, officer_user, market) -> None:
    error = refusal(agency_a, officer_user, domain_code="marketing")

    assert error.field == "domain_code"
    assert "执法领域" in error.message


@pytest.mark.parametrize("fine", ["1e5", "1E+5", "NaN", "Infinity", "-1", "5,000", "12.345", "0"])
def test_bad_fine_refused(agency_a, officer_user, fine) -> None:
    error = refusal(agency_a, officer_user, fine=fine)

    assert error.field == "fine"
    assert "罚款金额" in error.message


def test_absurd_fine_refused(agency_a, officer_user) -> None:
    error = refusal(agency_a, officer_user, fine="9" * 15)

    assert error.field == "fine"
    assert "超出可登记的范围" in error.message


def test_fine_with_two_decimals_kept(agency_a, officer_user) -> None:
    publication = enter(agency_a, officer_user, fine="1500.50")

    assert publication.original["facts"]["fine_amount"] == "1500.50"
    assert publication.original["fields"]["CF_NR_FK"] == "0.15005"


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"fine": None}, "fine", "请填写“罚款金额”"),
        ({"penalty_types": []}, "penalty_types", "处罚种类"),
        ({"penalty_types": ["warning"]}, "fine", "未选罚款"),
        ({"kind": "license", "fields": {}}, "penalty_types", "只适用于行政处罚"),
        ({"fields": {"CF_NR_FK": "0.3"}}, "fields.CF_NR_FK", "不一致"),
    ],
)
def test_penalty_terms_checked(agency_a, officer_user, overrides, field, words) -> None:
    error = refusal(agency_a, officer_user, **overrides)

    assert error.field == field
    assert words in error.message


@pytest.mark.parametrize(
    ("party", "field", "words"),
    [
        (PartyInput(kind="natural_person", name="王建国", phone="abc"), "phone", "联系电话"),
        (PartyInput(kind="natural_person", name="王建国", phone="123"), "phone", "7至20位"),
        (PartyInput(kind="legal_person", name="上海青禾餐饮有限公司"), "uscc", "统一社会信用代码"),
        (
            PartyInput(kind="other_organization", name="青浦区某协会", uscc="91310118MA1QP7D8X1"),
            "uscc",
            "无效",
        ),
        (PartyInput(kind="natural_person", name="王\x00建国"), "name", "U+0000"),
        (PartyInput(kind="natural_person", name="  "), "name", "姓名或名称"),
    ],
)
def test_party_checked(agency_a, officer_user, party, field, words) -> None:
    error = refusal(agency_a, officer_user, parties=[party])

    assert error.field == f"parties.0.{field}"
    assert "第1个当事人" in error.message
    assert words in error.message


def test_company_with_uscc_accepted(agency_a, officer_user) -> None:
    party = PartyInput(kind="legal_person", name="上海青禾餐饮有限公司", uscc=company_uscc())

    publication = enter(agency_a, officer_user, parties=[party])

    assert publication.original["fields"]["CF_XDR_SHXYM"] == company_uscc()


@pytest.mark.parametrize(
    ("overrides", "field", "label"),
    [
        ({"text": PERSON_TEXT + "\x00"}, "text", "决定书全文"),
        ({"title": "处罚\x07决定"}, "title", "标题"),
        ({"document_number": "青罚\x1b1号"}, "document_number", "决定书文号"),
        ({"fields": {"CF_NR": "罚款\x00"}}, "fields.CF_NR", "处罚内容"),
    ],
)
def test_control_characters_refused(agency_a, officer_user, overrides, field, label) -> None:
    error = refusal(agency_a, officer_user, **overrides)

    assert error.field == field
    assert f"“{label}”含有不可见的控制字符" in error.message


def test_text_keeps_line_breaks(agency_a, officer_user) -> None:
    publication = enter(agency_a, officer_user, text="第一行\r\n第二行\t缩进")

    assert publication.original["text"] == "第一行\r\n第二行\t缩进"


# --- The page ---------------------------------------------------------------------------------


def form_data(agency, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "agency": agency.pk,
        "kind": "penalty",
        "document_number": "青市监罚〔2026〕51号",
        "decided_on": "2026-11-03",
        "party_kind": "natural_person",
        "party_name": "王建国",
        "penalty_types": ["fine"],
        "fine": "2000",
        "procedure": "ordinary",
        "text": "行政处罚决定书全文",
    }
    data.update(overrides)
    return data


def post_form(officer, data: dict[str, Any]) -> str:
    response = login(officer).post(reverse("publicity:publication_create"), data)
    assert response.status_code == 200
    return response.content.decode()


def test_form_offers_domains_by_name(agency_a, officer_user, market) -> None:
    page = login(officer_user).get(reverse("publicity:publication_create")).content.decode()

    assert '<option value="market">市场监管</option>' in page


def test_form_stores_domain(agency_a, officer_user, market) -> None:
    response = login(officer_user).post(
        reverse("publicity:publication_create"), form_data(agency_a, domain="market")
    )

    assert response.status_code == 302
    assert Publication.objects.get().original["facts"]["domain_codes"] == ["market"]


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"fine": "1e5"}, "“罚款金额”“1e5”不是有效的金额"),
        ({"party_phone": "abc"}, "“第1个当事人的联系电话”“abc”格式无效"),
        ({"party_kind": "legal_person"}, "请填写“第1个当事人的统一社会信用代码”"),
        ({"text": "全文\x00"}, "“决定书全文”含有不可见的控制字符"),
        ({"party_name": "王\x01五"}, "“当事人姓名或名称”含有不可见的控制字符"),
        ({"text": ""}, "请填写“决定书全文”。"),
        ({"document_number": ""}, "请填写“决定书文号”。"),
        ({"penalty_types": []}, "请选择至少一种“处罚种类”。"),
        ({"domain": "marketing"}, "“执法领域”的选项无效"),
    ],
)
def test_form_errors_name_field(agency_a, officer_user, market, overrides, words) -> None:
    page = post_form(officer_user, form_data(agency_a, **overrides))

    assert words in page
    assert "这个字段是必填项" not in page
    assert not Publication.objects.exists()


# --- The API ----------------------------------------------------------------------------------


def api_body(agency, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "agency_id": agency.pk,
        "kind": "penalty",
        "document_number": "青市监罚〔2026〕61号",
        "decided_on": "2026-11-03",
        "text": "行政处罚决定书全文",
        "parties": [{"kind": "natural_person", "name": "王建国"}],
        "procedure": "ordinary",
        "penalty_types": ["fine"],
        "fine": "800",
    }
    body.update(overrides)
    return body


def post_api(officer, body: dict[str, Any]) -> Any:
    return login(officer).post(BASE, json.dumps(body), content_type="application/json")


def test_api_accepts_domain_and_integer_fine(agency_a, officer_user, market) -> None:
    response = post_api(officer_user, api_body(agency_a, domain_code="market", fine=800))

    assert response.status_code == 201
    publication = Publication.objects.get()
    assert publication.original["facts"]["domain_codes"] == ["market"]
    assert publication.original["facts"]["fine_amount"] == "800"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"domain_code": "nowhere"}, "domain_code"),
        ({"fine": "1e5"}, "fine"),
        (
            {"parties": [{"kind": "natural_person", "name": "王建国", "phone": "abc"}]},
            "parties.0.phone",
        ),
    ],
)
def test_api_refuses_bad_input(agency_a, officer_user, market, overrides, field) -> None:
    response = post_api(officer_user, api_body(agency_a, **overrides))

    assert response.status_code == 400
    body = response.json()
    assert body["field"] == field
    assert not Publication.objects.exists()


def test_api_refuses_float_fine(agency_a, officer_user) -> None:
    # 1e5 in JSON is a float; amounts must be text or whole numbers.
    response = login(officer_user).post(
        BASE,
        json.dumps(api_body(agency_a)).replace('"fine": "800"', '"fine": 1e5'),
        content_type="application/json",
    )

    assert response.status_code in (400, 422)
    assert not Publication.objects.exists()
