"""Updates and corrections: checked field values, and every copy agreeing after approval."""

import datetime
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.core.errors import ValidationFailed
from zhifa.publicity.exports.dual_publicity import ExportFilter, rows
from zhifa.publicity.fields import PENALTY_FIELDS
from zhifa.publicity.models import PublishedItem
from zhifa.publicity.publishing import approval
from zhifa.publicity.tests.drafting_support import PERSON, person_penalty

pytestmark = pytest.mark.django_db


@pytest.fixture
def approver(make_user, agency_a):
    return make_user("fabu_a", Role.PUBLICATION_APPROVER, agency=agency_a)


@pytest.fixture
def published(agency_a, officer_user, approver):
    draft = person_penalty(agency_a, officer_user)
    approval.approve(approver, draft)
    draft.refresh_from_db()
    return draft


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("fields", "code", "words"),
    [
        ({"CF_NR_FK": "=cmd|calc"}, "CF_NR_FK", "不是有效的金额"),
        ({"CF_NR_FK": "1e5"}, "CF_NR_FK", "科学计数法"),
        ({"CF_JDRQ": "not-a-date"}, "CF_JDRQ", "不是有效的日期"),
        ({"CF_XDR_LB": "外星人"}, "CF_XDR_LB", "自然人"),
        ({"CF_CFJGDM": "123"}, "CF_CFJGDM", "长度应为18位"),
        ({"CF_XDR_ZJHM": "310118123"}, "CF_XDR_ZJHM", "证件号码"),
        ({"CF_NR": "罚款\x00"}, "CF_NR", "控制字符"),
        ({"CF_WSH": ""}, "document_number", "决定书文号"),
    ],
)
def test_api_change_fields_checked(published, officer_user, fields, code, words) -> None:
    response = login(officer_user).post(
        f"/api/publicity/publications/{published.pk}/changes",
        json.dumps({"change": "correction", "reason": "更正字段", "fields": fields}),
        content_type="application/json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["field"] in (f"fields.{code}", code)
    assert words in body["message"]
    published.refresh_from_db()
    assert published.pending_change == {}


def test_duplicate_number_in_change_refused(agency_a, published, officer_user) -> None:
    other = person_penalty(agency_a, officer_user, document_number="青市监罚〔2026〕99号")

    with pytest.raises(ValidationFailed) as caught:
        approval.prepare_change(
            officer_user,
            published,
            change="correction",
            reason="更正文号",
            fields={"CF_WSH": other.document_number},
        )

    assert caught.value.field == "fields.CF_WSH"


def export_row(publication) -> dict[str, str]:
    today = timezone.localdate()
    options = ExportFilter(
        kind="penalty", date_from=today - datetime.timedelta(days=1), date_to=today
    )
    (row,) = list(rows(None, options))
    return {spec.code: value for spec, value in zip(PENALTY_FIELDS, row, strict=True)}


def test_approved_change_agrees_everywhere(published, officer_user, approver) -> None:
    approval.prepare_change(
        officer_user,
        published,
        change="correction",
        reason="按决定书原件更正罚款金额和决定日期",
        fields={"CF_NR_FK": "0.3", "CF_JDRQ": "2026-11-04", "CF_NR": "罚款人民币3000元"},
    )
    version = approval.approve(approver, published)

    published.refresh_from_db()
    item = PublishedItem.objects.get(publication=published)
    exported = export_row(published)
    assert published.original["fields"]["CF_NR_FK"] == "0.3"
    assert published.original["facts"]["fine_amount"] == "3000"
    assert published.decided_on == datetime.date(2026, 11, 4)
    assert version.fields["CF_NR_FK"] == "0.3"
    assert item.fields["CF_NR_FK"] == "0.3"
    assert item.decided_on == datetime.date(2026, 11, 4)
    assert Decimal(exported["CF_NR_FK"]) == Decimal("0.3")
    assert exported["CF_JDRQ"].replace("/", "-") == "2026-11-04"
    assert version.fields["CF_NR"] == item.fields["CF_NR"] == exported["CF_NR"]


def test_corrected_party_name_keeps_old_name_masked(published, officer_user, approver) -> None:
    approval.prepare_change(
        officer_user,
        published,
        change="correction",
        reason="当事人姓名录入错误",
        fields={"CF_XDR_MC": "汪建国"},
    )
    approval.approve(approver, published)

    item = PublishedItem.objects.get(publication=published)
    assert item.party_name == "汪某某"
    assert PERSON not in item.text
    published.refresh_from_db()
    roles = [row["role"] for row in published.original["parties"]]
    assert roles == ["party", "superseded"]
    assert published.original["facts"]["party_kinds"] == ["natural_person"]


def test_change_page_edits_fields(published, officer_user) -> None:
    client = login(officer_user)
    url = reverse("publicity:publication_change", args=[published.pk])
    page = client.get(url).content.decode()
    assert 'name="field_CF_NR"' in page
    assert "罚款人民币5000元" in page

    response = client.post(
        url,
        {
            "change": "correction",
            "reason": "更正处罚内容",
            "text": published.original["text"],
            **{
                f"field_{code}": value
                for code, value in published.original["fields"].items()
                if code != "CF_GSJZQ"
            },
            "field_CF_NR": "罚款人民币4000元",
        },
    )

    assert response.status_code == 302
    published.refresh_from_db()
    assert published.pending_change["original"]["fields"]["CF_NR"] == "罚款人民币4000元"
    assert published.pending_change["original"]["text"] == published.original["text"]


def test_change_page_shows_field_error(published, officer_user) -> None:
    url = reverse("publicity:publication_change", args=[published.pk])

    response = login(officer_user).post(
        url,
        {
            "change": "correction",
            "reason": "更正罚款金额",
            "text": published.original["text"],
            **{f"field_{code}": value for code, value in published.original["fields"].items()},
            "field_CF_NR_FK": "1e5",
        },
    )

    assert response.status_code == 200
    assert "“罚款金额（万元）”“1e5”不是有效的金额" in response.content.decode()
