"""The rules register: registering, superseding, uploads, the matrix and ``adoption``."""

import datetime
import io
from pathlib import Path
from typing import Any
from urllib.parse import quote

import docx
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases.tests.pages_support import client_for
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.supervision.guidance.actions import rule_files
from zhifa.supervision.guidance.actions import rules as rule_actions
from zhifa.supervision.guidance.models import AgencyRule, RuleType
from zhifa.supervision.guidance.register import RuleAdoption, adoption

pytestmark = pytest.mark.django_db

SEEDED = 6


def rule_type(code: str) -> RuleType:
    return RuleType.objects.get(code=code)


def rule_input(code: str = "publicity", **overrides: Any) -> rule_actions.AgencyRuleInput:
    data = rule_actions.AgencyRuleInput(
        rule_type_id=rule_type(code).pk,
        title="朱家角镇行政执法公示办法",
        document_number="朱府发〔2026〕3号",
        adopted_on=datetime.date(2026, 3, 2),
        filed_on=datetime.date(2026, 3, 10),
        text="第一条 为规范行政执法公示……",
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def stored_files(agency: Agency) -> list[str]:
    folder = f"{rule_actions.RULE_FOLDER}{agency.pk}"
    root = Path(default_storage.path(folder))
    return sorted(path.name for path in root.glob("*")) if root.exists() else []


def test_seeded_rule_types() -> None:
    names = list(RuleType.objects.values_list("name", flat=True))

    assert len(names) == SEEDED
    assert "执法全过程记录办法（含音像记录制度）" in names
    assert "重大执法决定法制审核办法（含目录清单）" in names
    assert not RuleType.objects.filter(confirmed=True).exists()


def test_new_version_supersedes(agency_a: Agency, agency_head_user: User) -> None:
    first = rule_actions.register_agency_rule(agency_head_user, agency_a.pk, rule_input())
    second = rule_actions.register_agency_rule(
        agency_head_user,
        agency_a.pk,
        rule_input(
            title="朱家角镇行政执法公示办法（修订）",
            document_number="朱府发〔2026〕9号",
            adopted_on=datetime.date(2026, 9, 1),
            filed_on=None,
        ),
    )
    first.refresh_from_db()

    assert not first.is_current
    assert first.superseded_by == second
    assert second.is_current
    assert AgencyRule.objects.filter(agency=agency_a).count() == 2


def test_one_current_per_type_enforced(agency_a: Agency, agency_head_user: User) -> None:
    first = rule_actions.register_agency_rule(agency_head_user, agency_a.pk, rule_input())

    with pytest.raises(IntegrityError):
        AgencyRule.objects.create(
            agency=agency_a,
            rule_type=first.rule_type,
            title="重复",
            adopted_on=datetime.date(2026, 1, 1),
            registered_by=agency_head_user,
        )


def test_adoption_counts_by_date(
    agency_a: Agency, agency_b: Agency, agency_head_user: User, other_agency_user: User
) -> None:
    rule_actions.register_agency_rule(agency_head_user, agency_a.pk, rule_input())
    rule_actions.register_agency_rule(
        agency_head_user,
        agency_a.pk,
        rule_input("legal_review", adopted_on=datetime.date(2026, 6, 1), filed_on=None),
    )
    # A superseded version still counts: the type stays adopted.
    rule_actions.register_agency_rule(
        agency_head_user,
        agency_a.pk,
        rule_input(
            document_number="朱府发〔2026〕8号", adopted_on=datetime.date(2026, 8, 1), filed_on=None
        ),
    )

    counts = adoption([agency_a.pk, agency_b.pk], datetime.date(2026, 5, 1))
    later = adoption([agency_a.pk], datetime.date(2026, 12, 1))

    assert counts[agency_a.pk] == RuleAdoption(required=SEEDED, adopted=1)
    assert counts[agency_b.pk] == RuleAdoption(required=SEEDED, adopted=0)
    assert later[agency_a.pk] == RuleAdoption(required=SEEDED, adopted=2)


def test_adoption_ignores_optional_types(agency_a: Agency, agency_head_user: User) -> None:
    rule_actions.register_agency_rule(agency_head_user, agency_a.pk, rule_input())
    RuleType.objects.filter(code="publicity").update(required=False)

    counts = adoption([agency_a.pk], datetime.date(2026, 12, 1))

    assert counts[agency_a.pk] == RuleAdoption(required=SEEDED - 1, adopted=0)


def test_upload_docx_extracts_text(agency_a: Agency, agency_head_user: User) -> None:
    upload = SimpleUploadedFile("公示办法.docx", docx_bytes("第一条 公示内容包括执法主体。"))

    rule = rule_actions.register_agency_rule(
        agency_head_user, agency_a.pk, rule_input(text=""), upload
    )

    assert rule.text == "第一条 公示内容包括执法主体。"
    assert rule.file_name == "公示办法.docx"
    assert rule.file_digest.startswith("sha256:")
    assert default_storage.exists(rule.file.name)


def test_upload_gb18030_text(agency_a: Agency, agency_head_user: User) -> None:
    upload = SimpleUploadedFile("办法.txt", "第一条 投诉举报五个工作日内答复。".encode("gb18030"))

    rule = rule_actions.register_agency_rule(
        agency_head_user, agency_a.pk, rule_input(text=""), upload
    )

    assert rule.text == "第一条 投诉举报五个工作日内答复。"
    assert rule.content_type.startswith("text/plain")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("办法.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00binary"),
        ("办法.docx", b"PK\x03\x04not a word package"),
        ("办法.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old word"),
    ],
)
def test_upload_wrong_type_rejected(
    agency_a: Agency, agency_head_user: User, name: str, content: bytes
) -> None:
    upload = SimpleUploadedFile(name, content)

    with pytest.raises(ValidationFailed) as caught:
        rule_actions.register_agency_rule(agency_head_user, agency_a.pk, rule_input(), upload)

    assert caught.value.field == "file"
    assert stored_files(agency_a) == []
    assert not AgencyRule.objects.exists()


def test_upload_too_large_rejected(
    agency_a: Agency, agency_head_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rule_files, "MAX_RULE_FILE_BYTES", 1024)
    upload = SimpleUploadedFile("办法.txt", "条".encode() * 1000)

    with pytest.raises(ValidationFailed) as caught:
        rule_actions.register_agency_rule(agency_head_user, agency_a.pk, rule_input(), upload)

    assert "上限" in caught.value.message
    assert stored_files(agency_a) == []


def test_failed_save_removes_file(agency_a: Agency, agency_head_user: User) -> None:
    rule_actions.register_agency_rule(agency_head_user, agency_a.pk, rule_input())
    # The repeat check runs in the transaction, after the file is stored, so it fails the save.
    upload = SimpleUploadedFile("办法.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")

    with pytest.raises(ValidationFailed) as caught:
        rule_actions.register_agency_rule(
            agency_head_user, agency_a.pk, rule_input(text=""), upload
        )

    assert caught.value.field == "document_number"
    assert stored_files(agency_a) == []
    assert AgencyRule.objects.count() == 1
    assert not AgencyRule.objects.exclude(file="").exists()


def test_repeat_by_number_rejected(agency_a: Agency, agency_head_user: User) -> None:
    first = rule_actions.register_agency_rule(agency_head_user, agency_a.pk, rule_input())

    with pytest.raises(ValidationFailed) as caught:
        rule_actions.register_agency_rule(
            agency_head_user, agency_a.pk, rule_input(title="公示办法（重录）")
        )

    assert caught.value.field == "document_number"
    assert "朱府发〔2026〕3号" in caught.value.message
    assert "无需重复登记" in caught.value.message
    first.refresh_from_db()
    assert first.is_current
    assert AgencyRule.objects.count() == 1


def test_repeat_without_number_rejected(agency_a: Agency, agency_head_user: User) -> None:
    rule_actions.register_agency_rule(agency_head_user, agency_a.pk, rule_input(document_number=""))

    with pytest.raises(ValidationFailed) as caught:
        rule_actions.register_agency_rule(
            agency_head_user, agency_a.pk, rule_input(document_number="", filed_on=None)
        )

    assert caught.value.field == "title"
    assert AgencyRule.objects.count() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"document_number": "朱府发〔2026〕9号"},
        {"document_number": "", "adopted_on": datetime.date(2026, 9, 1), "filed_on": None},
        {"document_number": "", "title": "朱家角镇行政执法公示办法（修订）"},
    ],
)
def test_revision_not_a_repeat(
    agency_a: Agency, agency_head_user: User, overrides: dict[str, Any]
) -> None:
    first_number = "" if overrides["document_number"] == "" else "朱府发〔2026〕3号"
    rule_actions.register_agency_rule(
        agency_head_user, agency_a.pk, rule_input(document_number=first_number)
    )

    second = rule_actions.register_agency_rule(
        agency_head_user, agency_a.pk, rule_input(**overrides)
    )

    assert second.is_current
    assert AgencyRule.objects.count() == 2


def test_repeat_page_shows_message(agency_a: Agency, agency_head_user: User) -> None:
    rule_actions.register_agency_rule(agency_head_user, agency_a.pk, rule_input())
    values = {
        "rule_type": rule_type("publicity").pk,
        "title": "朱家角镇行政执法公示办法",
        "document_number": "朱府发〔2026〕3号",
        "adopted_on": "2026-03-02",
        "text": "第一条 全文。",
    }

    response = client_for(agency_head_user).post(
        reverse("guidance:agency_rules", args=[agency_a.pk]), values
    )

    assert response.status_code == 400
    assert "无需重复登记" in response.content.decode()
    assert AgencyRule.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "stored_as", "content_type"),
    [
        ("fake.pdf", "第一条 全文。".encode(), "fake.txt", "text/plain"),
        ("办法.txt", b"%PDF-1.7\n1 0 obj\n", "办法.pdf", "application/pdf"),
        ("办法v1.2", "第一条 全文。".encode(), "办法v1.2.txt", "text/plain"),
        ("办法.TXT", "第一条 全文。".encode(), "办法.txt", "text/plain"),
    ],
)
def test_file_named_by_content(
    agency_a: Agency,
    agency_head_user: User,
    name: str,
    content: bytes,
    stored_as: str,
    content_type: str,
) -> None:
    upload = SimpleUploadedFile(name, content)
    rule = rule_actions.register_agency_rule(agency_head_user, agency_a.pk, rule_input(), upload)

    download = client_for(agency_head_user).get(
        reverse("guidance:agency_rule_file", args=[rule.pk])
    )

    assert rule.file_name == stored_as
    assert rule.file.name.endswith(Path(stored_as).suffix)
    assert download["Content-Type"].startswith(content_type)
    assert download["Content-Disposition"].endswith(quote(stored_as))


def test_old_row_served_by_content(agency_a: Agency, agency_head_user: User) -> None:
    upload = SimpleUploadedFile("fake.txt", "全文".encode())
    rule = rule_actions.register_agency_rule(agency_head_user, agency_a.pk, rule_input(), upload)
    AgencyRule.objects.filter(pk=rule.pk).update(file_name="fake.pdf")

    download = client_for(agency_head_user).get(
        reverse("guidance:agency_rule_file", args=[rule.pk])
    )

    assert download["Content-Disposition"].endswith("fake.txt")


def test_text_or_file_required(agency_a: Agency, agency_head_user: User) -> None:
    with pytest.raises(ValidationFailed) as caught:
        rule_actions.register_agency_rule(agency_head_user, agency_a.pk, rule_input(text=" "))

    assert caught.value.field == "text"


def test_filed_before_adopted_rejected(agency_a: Agency, agency_head_user: User) -> None:
    data = rule_input(filed_on=datetime.date(2026, 2, 1))

    with pytest.raises(ValidationFailed) as caught:
        rule_actions.register_agency_rule(agency_head_user, agency_a.pk, data)

    assert caught.value.field == "filed_on"


def test_other_agency_refused(agency_b: Agency, agency_head_user: User) -> None:
    with pytest.raises(NotFound):
        rule_actions.register_agency_rule(agency_head_user, agency_b.pk, rule_input())


def test_officer_cannot_register(agency_a: Agency, officer_user: User) -> None:
    with pytest.raises(NotPermitted):
        rule_actions.register_agency_rule(officer_user, agency_a.pk, rule_input())


def test_matrix_shows_lacking(
    agency_a: Agency, agency_b: Agency, agency_head_user: User, supervisor_user: User
) -> None:
    rule_actions.register_agency_rule(agency_head_user, agency_a.pk, rule_input())

    page = client_for(supervisor_user).get(reverse("guidance:rule_register"))

    content = page.content.decode()
    assert page.status_code == 200
    assert content.count('class="badge bad">缺') == 2 * SEEDED - 1
    assert f"1/{SEEDED}" in content
    assert f"0/{SEEDED}" in content


def test_agency_sees_only_own_row(
    agency_a: Agency, agency_b: Agency, agency_head_user: User
) -> None:
    page = client_for(agency_head_user).get(reverse("guidance:rule_register"))

    content = page.content.decode()
    assert agency_a.short_name in content
    assert agency_b.short_name not in content


def test_register_page_upload(agency_a: Agency, agency_head_user: User) -> None:
    url = reverse("guidance:agency_rules", args=[agency_a.pk])
    upload = SimpleUploadedFile("公示办法.txt", "第一条 全文。".encode())

    response = client_for(agency_head_user).post(
        url,
        {
            "rule_type": rule_type("publicity").pk,
            "title": "公示办法",
            "document_number": "",
            "adopted_on": "2026-03-02",
            "file": upload,
        },
    )

    assert response.status_code == 302
    rule = AgencyRule.objects.get()
    download = client_for(agency_head_user).get(
        reverse("guidance:agency_rule_file", args=[rule.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == "第一条 全文。".encode()  # type: ignore[attr-defined]
    assert "filename*=UTF-8''" in download["Content-Disposition"]


def test_rule_file_hidden_from_other_agency(
    agency_a: Agency, agency_head_user: User, other_agency_user: User
) -> None:
    upload = SimpleUploadedFile("办法.txt", "全文".encode())
    rule = rule_actions.register_agency_rule(agency_head_user, agency_a.pk, rule_input(), upload)

    response = client_for(other_agency_user).get(
        reverse("guidance:agency_rule_file", args=[rule.pk])
    )

    assert response.status_code == 404


def test_rule_type_edit_by_supervisor_only(supervisor_user: User, agency_head_user: User) -> None:
    publicity = rule_type("publicity")
    url = reverse("guidance:rule_type_edit", args=[publicity.pk])
    values = {"name": publicity.name, "source": "区司法局通知", "sort_order": 5, "confirmed": "on"}

    rejected = client_for(agency_head_user).post(url, values)
    saved = client_for(supervisor_user).post(url, values)
    publicity.refresh_from_db()

    assert rejected.status_code == 403
    assert saved.status_code == 302
    assert publicity.confirmed
    assert not publicity.required


def test_rule_detail_shows_history(agency_a: Agency, agency_head_user: User) -> None:
    first = rule_actions.register_agency_rule(agency_head_user, agency_a.pk, rule_input())
    second = rule_actions.register_agency_rule(
        agency_head_user,
        agency_a.pk,
        rule_input(title="公示办法（修订）", document_number="朱府发〔2026〕9号"),
    )
    client = client_for(agency_head_user)

    old_page = client.get(reverse("guidance:agency_rule_detail", args=[first.pk]))
    agency_page = client.get(reverse("guidance:agency_rules", args=[agency_a.pk]))

    assert "本版本已被替代" in old_page.content.decode()
    assert second.title in old_page.content.decode()
    assert "被替代的旧版本" in agency_page.content.decode()
