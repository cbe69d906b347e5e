"""The publication API under /api/publicity/publications: scope, filters and the approver's work."""

import datetime
import json
from typing import Any

import pytest
from django.test import Client

from zhifa.accounts.models import AuditEntry, User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency
from zhifa.cases.tests.steps_support import person_id
from zhifa.core.identifiers import MAX_ROW_ID
from zhifa.publicity.models import Publication, PublicationStatus, PublishedItem

pytestmark = pytest.mark.django_db

BASE = "/api/publicity/publications"
ID_NUMBER = person_id(61, "19790405")
PHONE = "13812345670"
TEXT = (
    "行政处罚决定书\n当事人：李红梅，身份证号码" + ID_NUMBER + "，联系电话" + PHONE + "。\n"
    "违法事实：当事人在朱家角镇放生桥旁占道经营，证人孙立新在场。\n"
    "处罚内容：罚款人民币800元。"
)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def manual_body(agency: Agency, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "agency_id": agency.pk,
        "kind": "penalty",
        "document_number": "青朱综执罚〔2026〕31号",
        "decided_on": "2026-11-03",
        "text": TEXT,
        "parties": [
            {
                "kind": "natural_person",
                "name": "李红梅",
                "id_number": ID_NUMBER,
                "phone": PHONE,
            }
        ],
        "fields": {"CF_NR": "罚款人民币800元", "CF_SY": "占道经营"},
        "procedure": "ordinary",
        "penalty_types": ["fine"],
        "fine": "800",
    }
    body.update(overrides)
    return body


@pytest.fixture
def approver(make_user, agency_a) -> User:
    return make_user("fabu_a", Role.PUBLICATION_APPROVER, agency=agency_a)


@pytest.fixture
def officer(officer_user) -> Client:
    return client_for(officer_user)


@pytest.fixture
def draft_id(officer, agency_a) -> int:
    created = post(officer, BASE, manual_body(agency_a))
    assert created.status_code == 201, created.content
    return int(created.json()["id"])


def bare_draft(agency: Agency, title: str, due_on: datetime.date | None, **fields: Any) -> int:
    values: dict[str, Any] = {
        "agency": agency,
        "kind": "penalty",
        "source": "manual",
        "title": title,
        "decided_on": datetime.date(2026, 11, 3),
        "due_on": due_on,
    }
    values.update(fields)
    return Publication.objects.create(**values).pk


# --- Manual entry ---------------------------------------------------------------------------


def test_manual_entry_creates_draft(officer, agency_a) -> None:
    created = post(officer, BASE, manual_body(agency_a))

    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "draft"
    assert body["source"] == "manual"
    assert body["source_label"] == "手工录入"
    assert body["document_number"] == "青朱综执罚〔2026〕31号"
    assert body["due_on"] is not None
    assert body["versions"] == []
    assert body["pending_change"] is None
    assert AuditEntry.objects.filter(action="publication_entered").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"document_number": "  "}, "document_number", "决定书文号"),
        ({"decided_on": "2099-01-05"}, "decided_on", "决定日期"),
        ({"text": " "}, "text", "决定书全文"),
        ({"parties": []}, "parties", "当事人"),
        (
            {"parties": [{"kind": "natural_person", "name": "李红梅", "id_number": "310118"}]},
            "parties.0.id_number",
            "身份证号",
        ),
        ({"fields": {"XK_NR": "准予许可"}}, "fields", "XK_NR"),
        ({"kind": "unknown"}, "kind", "公示类别"),
        ({"text": "决" * 100_001}, "text", "100000"),
        ({"procedure": "fast"}, "procedure", "fast"),
        ({"penalty_types": ["fine", "jail"]}, "penalty_types", "jail"),
        ({"fine": "-1"}, "fine", "负数"),
    ],
)
def test_manual_entry_errors_name_field(officer, agency_a, overrides, field, words) -> None:
    response = post(officer, BASE, manual_body(agency_a, **overrides))

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_failed"
    assert body["field"] == field
    assert words in body["message"]
    assert not Publication.objects.exists()


def test_manual_entry_other_agency_not_found(officer, agency_b) -> None:
    response = post(officer, BASE, manual_body(agency_b))

    assert response.status_code == 404
    assert response.json()["field"] == "agency_id"
    assert not Publication.objects.exists()


def test_manual_entry_needs_capability(security_admin_user, agency_a) -> None:
    response = post(client_for(security_admin_user), BASE, manual_body(agency_a))

    assert response.status_code == 403
    assert "办理公示事项" in response.json()["message"]


# --- List and detail --------------------------------------------------------------------------


def test_anonymous_rejected(client) -> None:
    assert client.get(BASE).status_code == 401


def test_list_only_in_scope(officer, agency_a, agency_b, other_agency_user) -> None:
    own = bare_draft(agency_a, "本单位", None)
    other = bare_draft(agency_b, "外单位", None)

    assert [row["id"] for row in officer.get(BASE).json()] == [own]
    stranger = client_for(other_agency_user)
    assert [row["id"] for row in stranger.get(BASE).json()] == [other]
    assert stranger.get(f"{BASE}/{own}").status_code == 404


def test_list_filters_status_kind_agency(supervisor_user, agency_a, agency_b) -> None:
    draft = bare_draft(agency_a, "待发布", None)
    excluded = bare_draft(agency_a, "不予公示", None, status=PublicationStatus.EXCLUDED)
    license_row = bare_draft(agency_b, "许可", None, kind="license")
    bureau = client_for(supervisor_user)

    def ids(query: str) -> set[int]:
        response = bureau.get(f"{BASE}?{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()}

    assert ids("status=excluded") == {excluded}
    assert ids("kind=license") == {license_row}
    assert ids(f"agency={agency_a.pk}") == {draft, excluded}
    assert ids(f"agency={agency_a.pk}&status=draft") == {draft}
    assert bureau.get(f"{BASE}?status=unknown").status_code == 422


def test_list_filters_due(officer, agency_a, today) -> None:
    overdue = bare_draft(agency_a, "已超期", today - datetime.timedelta(days=1))
    due_today = bare_draft(agency_a, "今天到期", today)
    later = bare_draft(agency_a, "较晚到期", today + datetime.timedelta(days=60))
    # The calendar covers no year near 2099, so this due date stays 待定.
    pending = bare_draft(agency_a, "待定", None, decided_on=datetime.date(2099, 3, 2))
    bare_draft(
        agency_a,
        "已发布",
        today - datetime.timedelta(days=5),
        status=PublicationStatus.PUBLISHED,
    )

    def ids(due: str) -> list[int]:
        return [row["id"] for row in officer.get(f"{BASE}?due={due}").json()]

    assert ids("overdue") == [overdue]
    assert ids("soon") == [due_today]
    assert ids("pending") == [pending]
    rows = {row["id"]: row for row in officer.get(BASE).json()}
    assert rows[overdue]["overdue"] is True
    assert rows[later]["overdue"] is False
    assert rows[pending]["due_on"] is None


def test_list_limit_and_offset(officer, agency_a) -> None:
    for number in range(3):
        bare_draft(agency_a, f"第{number}件", None)

    first = officer.get(f"{BASE}?limit=2").json()
    rest = officer.get(f"{BASE}?limit=2&offset=2").json()

    assert len(first) == 2
    assert len(rest) == 1
    assert officer.get(f"{BASE}?limit=501").status_code == 422


def test_detail_out_of_range_id_not_found(officer) -> None:
    response = officer.get(f"{BASE}/{MAX_ROW_ID + 1}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# --- Preview, masks, approval and exclusion -------------------------------------------------


def test_preview_shows_original_and_masked(approver, draft_id) -> None:
    response = client_for(approver).get(f"{BASE}/{draft_id}/preview")

    assert response.status_code == 200
    body = response.json()
    assert body["change"] == "initial"
    assert ID_NUMBER in body["original_text"]
    assert ID_NUMBER not in body["masked_text"]
    assert PHONE not in body["masked_text"]
    assert "李红梅" not in body["masked_text"]
    assert "李某某" in body["masked_text"]
    assert {mask["kind"] for mask in body["masks"]} >= {"name", "id_number", "phone"}
    rows = {row["code"]: row for row in body["fields"]}
    assert rows["CF_XDR_MC"]["masked"] == "李某某"
    assert rows["CF_XDR_ZJHM"]["public"] is False


def test_preview_needs_publish_capability(officer, draft_id) -> None:
    response = officer.get(f"{BASE}/{draft_id}/preview")

    assert response.status_code == 403
    assert "审核发布公示信息" in response.json()["message"]


def test_masks_add_and_remove(approver, draft_id) -> None:
    client = client_for(approver)

    added = post(client, f"{BASE}/{draft_id}/masks", {"add": ["放生桥"]})
    assert added.status_code == 200
    assert "放生桥" not in added.json()["masked_text"]
    assert added.json()["added"] == ["放生桥"]

    kept = post(client, f"{BASE}/{draft_id}/masks", {"remove": ["孙立新"]})
    assert kept.status_code == 200
    assert "孙立新" in kept.json()["masked_text"]
    assert kept.json()["removed"] == ["孙立新"]
    assert AuditEntry.objects.filter(action="publication_masks_edited").count() == 2


def test_masks_reject_text_not_in_decision(approver, draft_id) -> None:
    response = post(client_for(approver), f"{BASE}/{draft_id}/masks", {"add": ["不存在的词"]})

    assert response.status_code == 400
    assert response.json()["field"] == "add"
    assert "不存在的词" in response.json()["message"]


def test_approve_publishes_masked_version(approver, draft_id) -> None:
    client = client_for(approver)

    response = post(client, f"{BASE}/{draft_id}/approve")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "published"
    assert body["published_at"] is not None
    assert [version["number"] for version in body["versions"]] == [1]
    version = body["versions"][0]
    assert version["change"] == "initial"
    assert version["approved_by"] == "fabu_a"
    assert ID_NUMBER not in json.dumps(version, ensure_ascii=False)
    assert PHONE not in version["text"]
    item = PublishedItem.objects.get(publication_id=draft_id)
    assert item.party_name == "李某某"

    again = post(client, f"{BASE}/{draft_id}/approve")
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"


def test_approve_needs_capability_and_scope(officer, make_user, agency_b, draft_id) -> None:
    stranger = make_user("fabu_b", Role.PUBLICATION_APPROVER, agency=agency_b)

    assert post(officer, f"{BASE}/{draft_id}/approve").status_code == 403
    assert post(client_for(stranger), f"{BASE}/{draft_id}/approve").status_code == 404
    assert Publication.objects.get(pk=draft_id).status == PublicationStatus.DRAFT


def test_exclude_needs_reason(approver, draft_id) -> None:
    client = client_for(approver)

    missing = post(client, f"{BASE}/{draft_id}/exclude", {"reason": " "})
    assert missing.status_code == 400
    assert missing.json()["field"] == "reason"

    response = post(client, f"{BASE}/{draft_id}/exclude", {"reason": "涉及国家秘密，依法不予公开"})
    assert response.status_code == 200
    assert response.json()["status"] == "excluded"
    assert response.json()["exclusion_reason"] == "涉及国家秘密，依法不予公开"
    assert not PublishedItem.objects.filter(publication_id=draft_id).exists()


# --- Updates and corrections ------------------------------------------------------------------


def test_correction_prepared_then_approved(officer, approver, draft_id) -> None:
    reviewer = client_for(approver)
    assert post(reviewer, f"{BASE}/{draft_id}/approve").status_code == 200
    change = {
        "change": "correction",
        "reason": "决定书笔误，罚款数额应为600元",
        "fields": {"CF_NR": "罚款人民币600元"},
        "text": TEXT.replace("800元", "600元"),
    }

    prepared = post(officer, f"{BASE}/{draft_id}/changes", change)

    assert prepared.status_code == 200
    assert prepared.json()["pending_change"]["change"] == "correction"
    assert prepared.json()["pending_change"]["change_label"] == "更正"
    assert "800元" in PublishedItem.objects.get(publication_id=draft_id).text

    preview = reviewer.get(f"{BASE}/{draft_id}/preview").json()
    assert preview["change"] == "correction"
    assert "600元" in preview["masked_text"]

    approved = post(reviewer, f"{BASE}/{draft_id}/approve").json()
    assert approved["pending_change"] is None
    assert [version["change"] for version in approved["versions"]] == ["initial", "correction"]
    assert approved["versions"][1]["reason"] == "决定书笔误，罚款数额应为600元"
    item = PublishedItem.objects.get(publication_id=draft_id)
    assert "600元" in item.text
    assert item.corrected_on is not None


def test_change_errors(officer, approver, draft_id) -> None:
    url = f"{BASE}/{draft_id}/changes"
    body = {"change": "update", "reason": "复议变更", "text": "新全文"}

    not_published = post(officer, url, body)
    assert not_published.status_code == 409

    post(client_for(approver), f"{BASE}/{draft_id}/approve")
    no_reason = post(officer, url, {**body, "reason": ""})
    assert no_reason.status_code == 400
    assert no_reason.json()["field"] == "reason"
    unknown_field = post(officer, url, {**body, "fields": {"XK_NR": "准予"}})
    assert unknown_field.status_code == 400
    assert unknown_field.json()["field"] == "fields"
    wrong_kind = post(officer, url, {**body, "change": "withdrawal"})
    assert wrong_kind.status_code == 422
