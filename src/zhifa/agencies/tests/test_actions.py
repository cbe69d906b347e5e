"""Actions: success, refusal by capability, out of scope, and invalid input writing nothing."""

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from zhifa.accounts.models import AuditEntry
from zhifa.accounts.roles import Role
from zhifa.agencies import actions
from zhifa.agencies.models import (
    Agency,
    AgencyKind,
    Credential,
    CredentialEvent,
    CredentialStatus,
    Officer,
    Reviewer,
    ReviewerKind,
    TrainingRecord,
)
from zhifa.agencies.models import CredentialEventKind as Kind
from zhifa.agencies.tests.conftest import make_id_number
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed

# A USCC with valid check characters (GB 32100 and the embedded GB 11714 code).
VALID_USCC = "91310118MA1JL0QX6F"


def png_bytes(size=(120, 160)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return buffer.getvalue()


def event(kind, on=None, **fields):
    return actions.CredentialEventInput(kind=kind, occurred_on=on or timezone.localdate(), **fields)


def officer_input(sequence=50, **fields):
    values: dict[str, Any] = {
        "full_name": "赵强",
        "gender": "male",
        "id_number": make_id_number(sequence),
    }
    values.update(fields)
    return actions.OfficerInput(**values)


# --- Review body ---


def test_set_review_body_to_legal_department(agency_head_user, agency_a):
    legal = agency_a.departments.get(name="法制办")
    actions.set_review_body(agency_head_user, agency_a, legal.pk)
    agency_a.refresh_from_db()
    assert agency_a.review_body == legal
    entry = AuditEntry.objects.get(action="review_body_set")
    assert entry.agency_id == agency_a.pk
    assert entry.detail["to"] == "法制办"


def test_set_review_body_refuses_handling_department(agency_head_user, agency_a):
    handling = agency_a.departments.get(name="综合行政执法队")
    with pytest.raises(ValidationFailed) as error:
        actions.set_review_body(agency_head_user, agency_a, handling.pk)
    assert error.value.field == "review_body"
    assert "综合行政执法队" in error.value.message
    assert "行政处罚" in error.value.message
    agency_a.refresh_from_db()
    assert agency_a.review_body is None
    assert not AuditEntry.objects.filter(action="review_body_set").exists()


def test_set_review_body_refuses_other_agencys_department(agency_head_user, agency_a, agency_b):
    foreign = agency_b.departments.get(name="法制科")
    with pytest.raises(ValidationFailed, match="不是本单位的内设部门"):
        actions.set_review_body(agency_head_user, agency_a, foreign.pk)


def test_set_review_body_needs_capability(officer_user, agency_a):
    legal = agency_a.departments.get(name="法制办")
    with pytest.raises(NotPermitted, match="维护执法主体信息"):
        actions.set_review_body(officer_user, agency_a, legal.pk)


def test_set_review_body_out_of_scope_is_not_found(agency_head_user, agency_b):
    legal = agency_b.departments.get(name="法制科")
    with pytest.raises(NotFound):
        actions.set_review_body(agency_head_user, agency_b, legal.pk)
    agency_b.refresh_from_db()
    assert agency_b.review_body is None


# --- Agency basic information ---


def agency_input(agency, **fields):
    values = {"name": agency.name, "short_name": agency.short_name, "kind": agency.kind}
    values.update(fields)
    return actions.AgencyInput(**values)


def test_update_agency_normalises_uscc(agency_head_user, agency_a):
    data = agency_input(agency_a, uscc="９１３１０１１８ma1jl0qx6f", phone="021-59230000")
    actions.update_agency(agency_head_user, agency_a, data)
    agency_a.refresh_from_db()
    assert agency_a.uscc == VALID_USCC
    assert agency_a.uscc_problem == ""
    entry = AuditEntry.objects.get(action="agency_updated")
    assert set(entry.detail["changed"]) == {"uscc", "phone"}


def test_update_agency_rejects_bad_uscc(agency_head_user, agency_a):
    data = agency_input(agency_a, uscc="91310118MA1JL0QX6E", phone="021-1")
    with pytest.raises(ValidationFailed) as error:
        actions.update_agency(agency_head_user, agency_a, data)
    assert error.value.field == "uscc"
    assert "统一社会信用代码无效" in error.value.message
    agency_a.refresh_from_db()
    assert agency_a.uscc == ""
    assert agency_a.phone == ""
    assert not AuditEntry.objects.filter(action="agency_updated").exists()


def test_update_agency_entrusted_needs_all_fields(agency_head_user, agency_a, agency_b):
    data = agency_input(
        agency_a,
        kind=AgencyKind.ENTRUSTED,
        entrusting_agency_id=agency_b.pk,
        entrustment_document="青市监委〔2026〕1号",
    )
    with pytest.raises(ValidationFailed) as error:
        actions.update_agency(agency_head_user, agency_a, data)
    assert error.value.field == "entrustment_scope"
    assert "委托事项和权限" in error.value.message
    agency_a.refresh_from_db()
    assert agency_a.kind == AgencyKind.TOWN


def test_update_agency_entrusted_with_all_fields(agency_head_user, agency_a, agency_b):
    data = agency_input(
        agency_a,
        kind=AgencyKind.ENTRUSTED,
        entrusting_agency_id=agency_b.pk,
        entrustment_document="青市监委〔2026〕1号",
        entrustment_scope="食品摊贩的行政处罚",
        entrustment_starts_on=datetime.date(2026, 1, 1),
        entrustment_ends_on=datetime.date(2027, 12, 31),
    )
    actions.update_agency(agency_head_user, agency_a, data)
    agency_a.refresh_from_db()
    assert agency_a.kind == AgencyKind.ENTRUSTED
    assert agency_a.entrusting_agency == agency_b


def test_update_agency_entrustment_period_order(agency_head_user, agency_a, agency_b):
    data = agency_input(
        agency_a,
        kind=AgencyKind.ENTRUSTED,
        entrusting_agency_id=agency_b.pk,
        entrustment_document="委托书",
        entrustment_scope="事项",
        entrustment_starts_on=datetime.date(2027, 1, 1),
        entrustment_ends_on=datetime.date(2026, 1, 1),
    )
    with pytest.raises(ValidationFailed) as error:
        actions.update_agency(agency_head_user, agency_a, data)
    assert error.value.field == "entrustment_ends_on"


def test_update_agency_rejects_entrustment_for_other_kinds(agency_head_user, agency_a):
    data = agency_input(agency_a, entrustment_document="委托书")
    with pytest.raises(ValidationFailed) as error:
        actions.update_agency(agency_head_user, agency_a, data)
    assert error.value.field == "kind"


def test_update_agency_rejects_duplicate_name(agency_head_user, agency_a, agency_b):
    with pytest.raises(ValidationFailed) as error:
        actions.update_agency(
            agency_head_user, agency_a, agency_input(agency_a, name=agency_b.name)
        )
    assert error.value.field == "name"


def test_update_agency_needs_capability(officer_user, agency_a):
    with pytest.raises(NotPermitted):
        actions.update_agency(officer_user, agency_a, agency_input(agency_a, phone="1"))


def test_update_agency_out_of_scope_is_not_found(agency_head_user, agency_b):
    with pytest.raises(NotFound):
        actions.update_agency(agency_head_user, agency_b, agency_input(agency_b, phone="1"))


# --- Officers ---


def test_create_officer_normalises_id_number(agency_head_user, agency_a):
    number = make_id_number(7)
    # Full-width digits with spaces around, as a clerk's input method may produce.
    typed = " " + "".join(chr(ord(char) + 0xFEE0) for char in number) + " "
    officer = actions.create_officer(agency_head_user, agency_a, officer_input(id_number=typed))
    assert officer.id_number == number
    assert officer.agency == agency_a
    assert AuditEntry.objects.get(action="officer_created").target_id == str(officer.pk)


def test_create_officer_converts_legacy_id(agency_head_user, agency_a):
    legacy = "310118850312011"  # 15 digits: born 1985-03-12, sequence 011 (odd: male)
    officer = actions.create_officer(agency_head_user, agency_a, officer_input(id_number=legacy))
    assert len(officer.id_number) == 18
    assert officer.id_number.startswith("31011819850312011")


def test_create_officer_rejects_bad_id_number(agency_head_user, agency_a):
    number = make_id_number(8)
    bad = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValidationFailed) as error:
        actions.create_officer(agency_head_user, agency_a, officer_input(id_number=bad))
    assert error.value.field == "id_number"
    assert "身份证号无效" in error.value.message
    assert not Officer.objects.exists()
    assert not AuditEntry.objects.filter(action="officer_created").exists()


def test_create_officer_rejects_gender_mismatch(agency_head_user, agency_a):
    data = officer_input(id_number=make_id_number(9, male=True), gender="female")
    with pytest.raises(ValidationFailed) as error:
        actions.create_officer(agency_head_user, agency_a, data)
    assert error.value.field == "gender"
    assert "性别与身份证号不符" in error.value.message
    assert not Officer.objects.exists()


def test_create_officer_rejects_duplicate_id_number(
    agency_head_user, other_agency_user, agency_a, agency_b
):
    actions.create_officer(other_agency_user, agency_b, officer_input(sequence=11))
    with pytest.raises(ValidationFailed) as error:
        actions.create_officer(agency_head_user, agency_a, officer_input(sequence=11))
    assert error.value.field == "id_number"
    # The message must not reveal which agency registered the number.
    assert agency_b.short_name not in error.value.message


def test_create_officer_rejects_department_of_other_agency(agency_head_user, agency_a, agency_b):
    foreign = agency_b.departments.first()
    with pytest.raises(ValidationFailed) as error:
        actions.create_officer(agency_head_user, agency_a, officer_input(department_id=foreign.pk))
    assert error.value.field == "department"


def test_create_officer_qualification_needs_number(agency_head_user, agency_a):
    with pytest.raises(ValidationFailed) as error:
        actions.create_officer(agency_head_user, agency_a, officer_input(legal_qualification=True))
    assert error.value.field == "legal_qualification_number"


def test_create_officer_needs_capability(officer_user, agency_a):
    with pytest.raises(NotPermitted, match="维护执法人员"):
        actions.create_officer(officer_user, agency_a, officer_input())


def test_create_officer_out_of_scope_is_not_found(agency_head_user, agency_b):
    with pytest.raises(NotFound):
        actions.create_officer(agency_head_user, agency_b, officer_input())
    assert not Officer.objects.exists()


def test_create_officer_stores_photo_under_random_name(agency_head_user, agency_a):
    photo = SimpleUploadedFile("赵强.png", png_bytes(), content_type="image/png")
    officer = actions.create_officer(agency_head_user, agency_a, officer_input(photo=photo))
    assert officer.photo.name.startswith("officers/photos/")
    assert officer.photo.name.endswith(".png")
    assert "赵强" not in officer.photo.name


def test_create_officer_rejects_non_image(agency_head_user, agency_a):
    fake = SimpleUploadedFile("photo.png", b"<html>not an image</html>", content_type="image/png")
    with pytest.raises(ValidationFailed) as error:
        actions.create_officer(agency_head_user, agency_a, officer_input(photo=fake))
    assert error.value.field == "photo"
    assert "照片" in error.value.message
    assert not Officer.objects.exists()


def test_create_officer_rejects_photo_over_5mb(agency_head_user, agency_a):
    big = SimpleUploadedFile(
        "big.png", png_bytes() + b"\0" * (5 * 1024 * 1024), content_type="image/png"
    )
    with pytest.raises(ValidationFailed, match="不能超过5MB") as error:
        actions.create_officer(agency_head_user, agency_a, officer_input(photo=big))
    assert error.value.field == "photo"


def test_update_officer_changes_fields(agency_head_user, officer_a, agency_a):
    department = agency_a.departments.get(name="综合行政执法队")
    data = actions.OfficerInput(
        full_name="李明",
        gender="male",
        id_number=officer_a.id_number,
        department_id=department.pk,
        post="队员",
    )
    actions.update_officer(agency_head_user, officer_a, data)
    officer_a.refresh_from_db()
    assert officer_a.department == department
    assert officer_a.post == "队员"
    entry = AuditEntry.objects.get(action="officer_updated")
    assert set(entry.detail["changed"]) == {"department", "post"}
    assert officer_a.id_number not in str(entry.detail)


def test_update_officer_out_of_scope_is_not_found(agency_head_user, officer_b):
    data = actions.OfficerInput(full_name="改名", gender="female", id_number=officer_b.id_number)
    with pytest.raises(NotFound):
        actions.update_officer(agency_head_user, officer_b, data)
    officer_b.refresh_from_db()
    assert officer_b.full_name == "王芳"


def test_update_officer_needs_capability(officer_user, officer_a):
    data = actions.OfficerInput(full_name="改名", gender="male", id_number=officer_a.id_number)
    with pytest.raises(NotPermitted):
        actions.update_officer(officer_user, officer_a, data)


# --- Credentials ---


def test_credential_full_life(agency_head_user, officer_a):
    today = timezone.localdate()
    actions.record_credential_event(agency_head_user, officer_a, event(Kind.APPLIED))
    credential = Credential.objects.get(officer=officer_a)
    assert credential.status == CredentialStatus.APPLIED
    assert credential.number is None

    actions.record_credential_event(agency_head_user, officer_a, event(Kind.EXAM_PASSED))
    actions.record_credential_event(
        agency_head_user,
        officer_a,
        event(Kind.ISSUED, number="3118000001", valid_until=today + datetime.timedelta(days=1000)),
    )
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.ACTIVE
    assert credential.number == "3118000001"
    assert credential.valid_from == today
    assert credential.is_valid_on(today)

    actions.record_credential_event(
        agency_head_user, officer_a, event(Kind.ANNUAL_REVIEW_PASSED, review_year=today.year)
    )
    actions.record_credential_event(
        agency_head_user, officer_a, event(Kind.SUSPENDED, reason="涉嫌违纪")
    )
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.SUSPENDED

    actions.record_credential_event(agency_head_user, officer_a, event(Kind.REINSTATED))
    old_token = credential.verify_token
    actions.record_credential_event(
        agency_head_user,
        officer_a,
        event(Kind.RENEWED, number="3118000099", valid_until=today + datetime.timedelta(days=2000)),
    )
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.ACTIVE
    assert credential.number == "3118000099"
    assert credential.verify_token != old_token

    actions.record_credential_event(agency_head_user, officer_a, event(Kind.REVOKED, reason="调离"))
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.REVOKED
    kinds = list(CredentialEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == [
        Kind.APPLIED,
        Kind.EXAM_PASSED,
        Kind.ISSUED,
        Kind.ANNUAL_REVIEW_PASSED,
        Kind.SUSPENDED,
        Kind.REINSTATED,
        Kind.RENEWED,
        Kind.REVOKED,
    ]
    assert AuditEntry.objects.filter(action="credential_event").count() == 8

    # After revocation a new application starts a new credential.
    actions.record_credential_event(agency_head_user, officer_a, event(Kind.APPLIED))
    assert Credential.objects.filter(officer=officer_a).count() == 2


def test_illegal_credential_step_is_refused(agency_head_user, officer_a):
    actions.record_credential_event(agency_head_user, officer_a, event(Kind.APPLIED))
    with pytest.raises(InvalidTransition) as error:
        actions.record_credential_event(
            agency_head_user, officer_a, event(Kind.SUSPENDED, reason="x")
        )
    assert "申领中" in error.value.message
    assert "暂扣" in error.value.message
    assert CredentialEvent.objects.count() == 1


def test_event_without_credential_is_refused(agency_head_user, officer_a):
    with pytest.raises(InvalidTransition, match="尚未申领"):
        actions.record_credential_event(agency_head_user, officer_a, event(Kind.EXAM_PASSED))


def test_issue_needs_exam_first(agency_head_user, officer_a):
    actions.record_credential_event(agency_head_user, officer_a, event(Kind.APPLIED))
    with pytest.raises(ValidationFailed, match="考试"):
        actions.record_credential_event(
            agency_head_user,
            officer_a,
            event(
                Kind.ISSUED,
                number="1",
                valid_until=timezone.localdate() + datetime.timedelta(days=9),
            ),
        )
    assert Credential.objects.get().status == CredentialStatus.APPLIED


def test_issue_needs_number_and_validity(agency_head_user, officer_a):
    actions.record_credential_event(agency_head_user, officer_a, event(Kind.APPLIED))
    actions.record_credential_event(agency_head_user, officer_a, event(Kind.EXAM_PASSED))
    with pytest.raises(ValidationFailed) as error:
        actions.record_credential_event(agency_head_user, officer_a, event(Kind.ISSUED))
    assert error.value.field == "number"
    with pytest.raises(ValidationFailed) as error:
        actions.record_credential_event(
            agency_head_user, officer_a, event(Kind.ISSUED, number="A1")
        )
    assert error.value.field == "valid_until"
    credential = Credential.objects.get()
    assert credential.status == CredentialStatus.APPLIED
    assert credential.number is None


def test_issue_rejects_duplicate_number(
    agency_head_user, make_officer, issue_credential, agency_a, officer_a
):
    issue_credential(agency_head_user, officer_a, "DUP-1")
    second = make_officer(agency_head_user, agency_a, "孙丽", male=False)
    with pytest.raises(ValidationFailed, match="DUP-1") as error:
        issue_credential(agency_head_user, second, "DUP-1")
    assert error.value.field == "number"


def test_exam_exemption_needs_legal_qualification(
    agency_head_user, officer_a, make_officer, agency_a
):
    actions.record_credential_event(agency_head_user, officer_a, event(Kind.APPLIED))
    with pytest.raises(ValidationFailed, match="法律职业资格"):
        actions.record_credential_event(
            agency_head_user, officer_a, event(Kind.EXAM_EXEMPTED, reason="持法律职业资格")
        )

    lawyer = make_officer(
        agency_head_user,
        agency_a,
        "周律",
        legal_qualification=True,
        legal_qualification_number="A20183101180001",
    )
    actions.record_credential_event(agency_head_user, lawyer, event(Kind.APPLIED))
    actions.record_credential_event(
        agency_head_user, lawyer, event(Kind.EXAM_EXEMPTED, reason="持法律职业资格")
    )
    assert Credential.objects.get(officer=lawyer).exam_exempt_reason == "持法律职业资格"


def test_reason_required_for_suspension(agency_head_user, officer_a, issue_credential):
    issue_credential(agency_head_user, officer_a, "R-1")
    with pytest.raises(ValidationFailed) as error:
        actions.record_credential_event(agency_head_user, officer_a, event(Kind.SUSPENDED))
    assert error.value.field == "reason"
    assert "暂扣" in error.value.message
    assert Credential.objects.get().status == CredentialStatus.ACTIVE


def test_annual_review_year_checked(agency_head_user, officer_a, issue_credential):
    issue_credential(agency_head_user, officer_a, "Y-1")
    year = timezone.localdate().year
    with pytest.raises(ValidationFailed) as error:
        actions.record_credential_event(
            agency_head_user, officer_a, event(Kind.ANNUAL_REVIEW_PASSED)
        )
    assert error.value.field == "review_year"
    actions.record_credential_event(
        agency_head_user, officer_a, event(Kind.ANNUAL_REVIEW_PASSED, review_year=year)
    )
    with pytest.raises(ValidationFailed, match="已经登记"):
        actions.record_credential_event(
            agency_head_user,
            officer_a,
            event(Kind.ANNUAL_REVIEW_FAILED, review_year=year, reason="x"),
        )


def test_annual_review_failure_suspends(agency_head_user, officer_a, issue_credential):
    issue_credential(agency_head_user, officer_a, "F-1")
    actions.record_credential_event(
        agency_head_user,
        officer_a,
        event(Kind.ANNUAL_REVIEW_FAILED, review_year=timezone.localdate().year, reason="培训不足"),
    )
    assert Credential.objects.get().status == CredentialStatus.SUSPENDED
    assert CredentialEvent.objects.get(kind=Kind.ANNUAL_REVIEW_FAILED).review_year is not None


def test_renewal_must_extend_validity(agency_head_user, officer_a, issue_credential):
    issue_credential(agency_head_user, officer_a, "N-1")
    credential = Credential.objects.get()
    with pytest.raises(ValidationFailed) as error:
        actions.record_credential_event(
            agency_head_user, officer_a, event(Kind.RENEWED, valid_until=credential.valid_until)
        )
    assert error.value.field == "valid_until"


def test_future_event_date_is_refused(agency_head_user, officer_a):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationFailed) as error:
        actions.record_credential_event(
            agency_head_user, officer_a, event(Kind.APPLIED, on=tomorrow)
        )
    assert error.value.field == "occurred_on"
    assert not Credential.objects.exists()


def test_credential_event_needs_capability(officer_user, officer_a):
    with pytest.raises(NotPermitted, match="办理执法证件"):
        actions.record_credential_event(officer_user, officer_a, event(Kind.APPLIED))


def test_credential_event_out_of_scope_is_not_found(agency_head_user, officer_b):
    with pytest.raises(NotFound):
        actions.record_credential_event(agency_head_user, officer_b, event(Kind.APPLIED))
    assert not Credential.objects.exists()


def test_supervisor_may_issue_credentials_anywhere(supervisor_user, officer_b, issue_credential):
    issue_credential(supervisor_user, officer_b, "S-1")
    assert Credential.objects.get(officer=officer_b).status == CredentialStatus.ACTIVE


# --- Training ---


def test_record_training(agency_head_user, officer_a):
    data = actions.TrainingInput(
        attended_on=timezone.localdate(), course="行政处罚法", hours=Decimal("4.5")
    )
    record = actions.record_training(agency_head_user, officer_a, data)
    assert record.hours == Decimal("4.5")
    assert AuditEntry.objects.get(action="training_recorded").agency_id == officer_a.agency_id


@pytest.mark.parametrize(
    ("hours", "course", "field"),
    [
        (Decimal(0), "课程", "hours"),
        (Decimal(-2), "课程", "hours"),
        (Decimal("1.25"), "课程", "hours"),
        (Decimal(2000), "课程", "hours"),
        (Decimal(2), "  ", "course"),
    ],
)
def test_record_training_rejects_invalid(agency_head_user, officer_a, hours, course, field):
    data = actions.TrainingInput(attended_on=timezone.localdate(), course=course, hours=hours)
    with pytest.raises(ValidationFailed) as error:
        actions.record_training(agency_head_user, officer_a, data)
    assert error.value.field == field
    assert not TrainingRecord.objects.exists()


def test_record_training_needs_capability(officer_user, officer_a):
    data = actions.TrainingInput(attended_on=timezone.localdate(), course="课", hours=Decimal(1))
    with pytest.raises(NotPermitted):
        actions.record_training(officer_user, officer_a, data)


def test_record_training_out_of_scope_is_not_found(agency_head_user, officer_b):
    data = actions.TrainingInput(attended_on=timezone.localdate(), course="课", hours=Decimal(1))
    with pytest.raises(NotFound):
        actions.record_training(agency_head_user, officer_b, data)


# --- Reviewers ---


def test_assign_qualified_reviewer(agency_head_user, agency_a):
    data = actions.ReviewerInput(
        started_on=datetime.date(2024, 3, 1),
        full_name="陈静",
        legal_qualification=True,
        legal_qualification_number="A20193101180002",
    )
    reviewer = actions.assign_reviewer(agency_head_user, agency_a, data)
    assert reviewer.agency == agency_a
    assert reviewer.legal_qualification
    assert AuditEntry.objects.get(action="reviewer_assigned").target_id == str(reviewer.pk)


def test_assign_new_reviewer_without_qualification_is_refused(agency_head_user, agency_a):
    data = actions.ReviewerInput(started_on=datetime.date(2024, 3, 1), full_name="陈静")
    with pytest.raises(ValidationFailed) as error:
        actions.assign_reviewer(agency_head_user, agency_a, data)
    assert error.value.field == "legal_qualification"
    assert "法律职业资格" in error.value.message
    assert not Reviewer.objects.exists()
    assert not AuditEntry.objects.filter(action="reviewer_assigned").exists()


def test_assign_reviewer_who_started_before_2021_07_15(agency_head_user, agency_a):
    data = actions.ReviewerInput(started_on=datetime.date(2021, 7, 14), full_name="老审核")
    reviewer = actions.assign_reviewer(agency_head_user, agency_a, data)
    assert not reviewer.legal_qualification


def test_assign_reviewer_takes_officer_qualification(agency_head_user, agency_a, make_officer):
    lawyer = make_officer(
        agency_head_user,
        agency_a,
        "周律",
        legal_qualification=True,
        legal_qualification_number="A20183101180001",
    )
    data = actions.ReviewerInput(
        started_on=datetime.date(2025, 1, 2), officer_id=lawyer.pk, kind=ReviewerKind.PUBLIC_LAWYER
    )
    reviewer = actions.assign_reviewer(agency_head_user, agency_a, data)
    assert reviewer.full_name == "周律"
    assert reviewer.legal_qualification_number == "A20183101180001"
    with pytest.raises(ValidationFailed, match="已是本单位的法制审核人员"):
        actions.assign_reviewer(agency_head_user, agency_a, data)


def test_assign_reviewer_rejects_officer_of_other_agency(agency_head_user, agency_a, officer_b):
    data = actions.ReviewerInput(started_on=datetime.date(2020, 1, 2), officer_id=officer_b.pk)
    with pytest.raises(ValidationFailed) as error:
        actions.assign_reviewer(agency_head_user, agency_a, data)
    assert error.value.field == "officer"


def test_assign_reviewer_needs_capability(officer_user, agency_a):
    data = actions.ReviewerInput(started_on=datetime.date(2020, 1, 2), full_name="甲")
    with pytest.raises(NotPermitted, match="配备法制审核人员"):
        actions.assign_reviewer(officer_user, agency_a, data)


def test_assign_reviewer_out_of_scope_is_not_found(agency_head_user, agency_b):
    data = actions.ReviewerInput(started_on=datetime.date(2020, 1, 2), full_name="甲")
    with pytest.raises(NotFound):
        actions.assign_reviewer(agency_head_user, agency_b, data)


def test_end_reviewer(agency_head_user, agency_a):
    reviewer = actions.assign_reviewer(
        agency_head_user,
        agency_a,
        actions.ReviewerInput(started_on=datetime.date(2020, 1, 2), full_name="甲"),
    )
    with pytest.raises(ValidationFailed) as error:
        actions.end_reviewer(agency_head_user, reviewer, datetime.date(2019, 1, 1))
    assert error.value.field == "ended_on"
    actions.end_reviewer(agency_head_user, reviewer, datetime.date(2026, 1, 1))
    reviewer.refresh_from_db()
    assert reviewer.ended_on == datetime.date(2026, 1, 1)
    assert AuditEntry.objects.filter(action="reviewer_ended").count() == 1
    with pytest.raises(ValidationFailed, match="已于2026-01-01离岗"):
        actions.end_reviewer(agency_head_user, reviewer, datetime.date(2026, 2, 1))


def test_end_reviewer_out_of_scope_and_capability(
    agency_head_user, other_agency_user, officer_user, agency_b
):
    reviewer = actions.assign_reviewer(
        other_agency_user,
        agency_b,
        actions.ReviewerInput(started_on=datetime.date(2020, 1, 2), full_name="乙"),
    )
    with pytest.raises(NotFound):
        actions.end_reviewer(agency_head_user, reviewer, datetime.date(2026, 1, 1))
    with pytest.raises(NotPermitted):
        actions.end_reviewer(officer_user, reviewer, datetime.date(2026, 1, 1))
    reviewer.refresh_from_db()
    assert reviewer.ended_on is None


def test_judicial_office_reviewer_cannot_manage(judicial_office_user, agency_a):
    assert judicial_office_user.has_role(Role.JUDICIAL_OFFICE_REVIEWER)
    with pytest.raises(NotPermitted):
        actions.update_agency(
            judicial_office_user,
            agency_a,
            actions.AgencyInput(name=agency_a.name, short_name="x", kind=agency_a.kind),
        )
    assert Agency.objects.get(pk=agency_a.pk).short_name == "朱家角镇"


# --- Agency USCC uniqueness and phone ---


def test_update_agency_rejects_uscc_of_other_agency(
    agency_head_user, other_agency_user, agency_a, agency_b
):
    actions.update_agency(other_agency_user, agency_b, agency_input(agency_b, uscc=VALID_USCC))
    # The same code typed in lower case and full width is still the same code.
    data = agency_input(agency_a, uscc="９１３１０１１８ma1jl0qx6f")
    with pytest.raises(ValidationFailed) as error:
        actions.update_agency(agency_head_user, agency_a, data)
    assert error.value.field == "uscc"
    assert agency_b.name in error.value.message
    assert VALID_USCC in error.value.message
    agency_a.refresh_from_db()
    assert agency_a.uscc == ""


def test_update_agency_keeps_own_uscc(agency_head_user, agency_a):
    actions.update_agency(agency_head_user, agency_a, agency_input(agency_a, uscc=VALID_USCC))
    actions.update_agency(
        agency_head_user, agency_a, agency_input(agency_a, uscc=VALID_USCC, short_name="朱家角")
    )
    agency_a.refresh_from_db()
    assert agency_a.short_name == "朱家角"


def test_agency_uscc_unique_in_database(agency_a, agency_b):
    Agency.objects.filter(pk=agency_a.pk).update(uscc=VALID_USCC)
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.filter(pk=agency_b.pk).update(uscc=VALID_USCC)
    # Agencies without a code do not collide.
    Agency.objects.create(name="另一单位", short_name="另一", kind=AgencyKind.TOWN)
    assert Agency.objects.filter(uscc="").count() == 2


@pytest.mark.parametrize(
    ("phone", "stored"),
    [
        ("021-59721234", "021-59721234"),
        ("(021) 5972 1234", "(021) 5972 1234"),
        ("+86 21 5972 1234", "+86 21 5972 1234"),
        ("(+86)21-59721234", "(+86)21-59721234"),
        ("021-59721234转8001", "021-59721234转8001"),
        ("021-59721234 ext. 12", "021-59721234 ext. 12"),
        ("021-59721234 EXT 12", "021-59721234 EXT 12"),
        ("５９７２１２３", "5972123"),  # full-width digits are folded; 7 digits is the minimum
        ("（021）59721234", "(021)59721234"),
        ("  12345678901234567890  ", "12345678901234567890"),  # 20 digits is the maximum
        ("", ""),
    ],
)
def test_update_agency_accepts_phone(agency_head_user, agency_a, phone, stored):
    actions.update_agency(agency_head_user, agency_a, agency_input(agency_a, phone=phone))
    agency_a.refresh_from_db()
    assert agency_a.phone == stored


@pytest.mark.parametrize(
    ("phone", "words"),
    [
        ("021-597", ["6位数字", "7至20位"]),
        ("597212", ["6位数字"]),
        ("123456789012345678901", ["21位数字"]),
        ("021-59721234转", ["格式无效"]),
        ("转8001", ["格式无效"]),
        ("021/59721234", ["格式无效"]),
        ("021-5972+1234", ["格式无效"]),
        ("电话021-59721234", ["格式无效"]),
        ("021-59721234 分机 12", ["格式无效"]),
    ],
)
def test_update_agency_rejects_phone(agency_head_user, agency_a, phone, words):
    with pytest.raises(ValidationFailed) as error:
        actions.update_agency(agency_head_user, agency_a, agency_input(agency_a, phone=phone))
    assert error.value.field == "phone"
    assert "联系电话" in error.value.message
    for word in words:
        assert word in error.value.message
    agency_a.refresh_from_db()
    assert agency_a.phone == ""


# --- Officer age ---


def birthday_years_before(day, years):
    """Return the date ``years`` before ``day``; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def test_create_officer_rejects_minor(agency_head_user, agency_a):
    today = timezone.localdate()
    born = birthday_years_before(today, 18) + datetime.timedelta(days=1)
    data = officer_input(id_number=make_id_number(71, born=born.strftime("%Y%m%d")))
    with pytest.raises(ValidationFailed) as error:
        actions.create_officer(agency_head_user, agency_a, data)
    assert error.value.field == "id_number"
    assert "年满17周岁" in error.value.message
    assert born.isoformat() in error.value.message
    assert "应年满18周岁" in error.value.message
    assert not Officer.objects.exists()


def test_create_officer_accepts_eighteenth_birthday(agency_head_user, agency_a):
    born = birthday_years_before(timezone.localdate(), 18)
    data = officer_input(id_number=make_id_number(72, born=born.strftime("%Y%m%d")))
    officer = actions.create_officer(agency_head_user, agency_a, data)
    assert officer.pk is not None


def test_update_officer_checks_age_on_entry_day(agency_head_user, officer_a):
    # Entered two years ago to the day; a person who turns 19 today was 17 on that day.
    today = timezone.localdate()
    entry_day = birthday_years_before(today, 2)
    entered = timezone.make_aware(datetime.datetime.combine(entry_day, datetime.time(12)))
    Officer.objects.filter(pk=officer_a.pk).update(created_at=entered)
    officer_a.refresh_from_db()
    born = birthday_years_before(today, 19)
    data = actions.OfficerInput(
        full_name=officer_a.full_name,
        gender="male",
        id_number=make_id_number(73, born=born.strftime("%Y%m%d")),
    )
    with pytest.raises(ValidationFailed) as error:
        actions.update_officer(agency_head_user, officer_a, data)
    assert error.value.field == "id_number"
    assert entry_day.isoformat() in error.value.message
    assert "年满17周岁" in error.value.message


# --- Photo size ---


def test_create_officer_rejects_small_photo(agency_head_user, agency_a):
    photo = SimpleUploadedFile("small.png", png_bytes((99, 140)), content_type="image/png")
    with pytest.raises(ValidationFailed) as error:
        actions.create_officer(agency_head_user, agency_a, officer_input(photo=photo))
    assert error.value.field == "photo"
    assert "99×140" in error.value.message
    assert "至少为100×100像素" in error.value.message
    assert not Officer.objects.exists()


def test_create_officer_accepts_100_pixel_photo(agency_head_user, agency_a):
    photo = SimpleUploadedFile("edge.png", png_bytes((100, 100)), content_type="image/png")
    officer = actions.create_officer(agency_head_user, agency_a, officer_input(photo=photo))
    assert officer.photo.name.endswith(".png")


def test_photo_over_pillow_warning_limit_is_too_large(agency_head_user, agency_a, monkeypatch):
    # 12,000 pixels: above the limit (warning) but below twice the limit (error).
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    photo = SimpleUploadedFile("wide.png", png_bytes((120, 100)), content_type="image/png")
    with pytest.raises(ValidationFailed) as error:
        actions.create_officer(agency_head_user, agency_a, officer_input(photo=photo))
    assert error.value.field == "photo"
    assert "图片尺寸过大" in error.value.message
    assert "120×100像素" in error.value.message
    assert "无法识别" not in error.value.message


def test_photo_over_pillow_error_limit_is_too_large(agency_head_user, agency_a, monkeypatch):
    # 40,000 pixels: above twice the limit, so Pillow raises DecompressionBombError.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    photo = SimpleUploadedFile("huge.png", png_bytes((200, 200)), content_type="image/png")
    with pytest.raises(ValidationFailed) as error:
        actions.create_officer(agency_head_user, agency_a, officer_input(photo=photo))
    assert "图片尺寸过大" in error.value.message
    assert "40000像素" in error.value.message
    assert not Officer.objects.exists()


@pytest.mark.parametrize("raised", [Image.DecompressionBombError, Image.DecompressionBombWarning])
def test_photo_decompression_bomb_raised_is_too_large(
    agency_head_user, agency_a, monkeypatch, raised
):
    def explode(*args, **kwargs):
        raise raised("Image size (250000000 pixels) exceeds limit")

    monkeypatch.setattr(Image, "open", explode)
    photo = SimpleUploadedFile("bomb.png", png_bytes(), content_type="image/png")
    with pytest.raises(ValidationFailed) as error:
        actions.create_officer(agency_head_user, agency_a, officer_input(photo=photo))
    assert "图片尺寸过大" in error.value.message
    assert "250000000像素" in error.value.message


# --- Credential event dates ---


def test_event_before_latest_event_is_refused(agency_head_user, officer_a, issue_credential):
    issue_credential(agency_head_user, officer_a, "ORD-1")
    issued_on = timezone.localdate() - datetime.timedelta(days=10)
    earlier = issued_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationFailed) as error:
        actions.record_credential_event(
            agency_head_user, officer_a, event(Kind.SUSPENDED, on=earlier, reason="违纪")
        )
    assert error.value.field == "occurred_on"
    assert earlier.isoformat() in error.value.message
    assert issued_on.isoformat() in error.value.message
    assert Credential.objects.get().status == CredentialStatus.ACTIVE
    assert CredentialEvent.objects.count() == 3

    # The same day as the latest event is allowed.
    actions.record_credential_event(
        agency_head_user, officer_a, event(Kind.SUSPENDED, on=issued_on, reason="违纪")
    )
    assert Credential.objects.get().status == CredentialStatus.SUSPENDED


def test_new_application_before_revocation_is_refused(agency_head_user, officer_a):
    today = timezone.localdate()
    actions.record_credential_event(agency_head_user, officer_a, event(Kind.APPLIED))
    actions.record_credential_event(agency_head_user, officer_a, event(Kind.REVOKED, reason="撤回"))
    yesterday = today - datetime.timedelta(days=1)
    with pytest.raises(ValidationFailed) as error:
        actions.record_credential_event(
            agency_head_user, officer_a, event(Kind.APPLIED, on=yesterday)
        )
    assert yesterday.isoformat() in error.value.message
    assert today.isoformat() in error.value.message
    assert Credential.objects.count() == 1


def test_issue_already_expired_is_refused(agency_head_user, officer_a):
    today = timezone.localdate()
    actions.record_credential_event(agency_head_user, officer_a, event(Kind.APPLIED))
    actions.record_credential_event(agency_head_user, officer_a, event(Kind.EXAM_PASSED))
    with pytest.raises(ValidationFailed) as error:
        actions.record_credential_event(
            agency_head_user,
            officer_a,
            event(
                Kind.ISSUED,
                number="OLD-1",
                valid_from=today - datetime.timedelta(days=3 * 365),
                valid_until=today - datetime.timedelta(days=1),
            ),
        )
    assert error.value.field == "valid_until"
    assert "已过期" in error.value.message
    credential = Credential.objects.get()
    assert credential.status == CredentialStatus.APPLIED
    assert credential.number is None


def test_issue_needs_valid_until_after_valid_from(agency_head_user, officer_a):
    today = timezone.localdate()
    actions.record_credential_event(agency_head_user, officer_a, event(Kind.APPLIED))
    actions.record_credential_event(agency_head_user, officer_a, event(Kind.EXAM_PASSED))
    with pytest.raises(ValidationFailed) as error:
        actions.record_credential_event(
            agency_head_user,
            officer_a,
            event(Kind.ISSUED, number="X-1", valid_from=today, valid_until=today),
        )
    assert error.value.field == "valid_until"
    assert "应晚于“有效期自”" in error.value.message


def test_annual_review_after_expiry_is_refused(agency_head_user, officer_a, issue_credential):
    today = timezone.localdate()
    issued_on = today - datetime.timedelta(days=400)
    valid_until = today - datetime.timedelta(days=30)
    for kind in (Kind.APPLIED, Kind.EXAM_PASSED):
        actions.record_credential_event(agency_head_user, officer_a, event(kind, on=issued_on))
    actions.record_credential_event(
        agency_head_user,
        officer_a,
        event(Kind.ISSUED, on=issued_on, number="AR-1", valid_until=valid_until),
    )
    with pytest.raises(ValidationFailed) as error:
        actions.record_credential_event(
            agency_head_user,
            officer_a,
            event(Kind.ANNUAL_REVIEW_PASSED, review_year=valid_until.year),
        )
    assert error.value.field == "occurred_on"
    assert valid_until.isoformat() in error.value.message
    assert not CredentialEvent.objects.filter(kind=Kind.ANNUAL_REVIEW_PASSED).exists()


def test_annual_review_before_validity_is_refused(agency_head_user, officer_a, issue_credential):
    today = timezone.localdate()
    issue_credential(
        agency_head_user, officer_a, "AR-2", valid_from=today + datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationFailed) as error:
        actions.record_credential_event(
            agency_head_user,
            officer_a,
            event(Kind.ANNUAL_REVIEW_PASSED, review_year=today.year),
        )
    assert error.value.field == "occurred_on"
    assert "不在证件有效期" in error.value.message
