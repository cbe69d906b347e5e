"""Back-office pages: allowed users get 200, others 403, and agency B's objects 404."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from zhifa.agencies import actions
from zhifa.agencies.models import Credential, CredentialStatus, Officer, Reviewer
from zhifa.agencies.models import CredentialEventKind as Kind
from zhifa.agencies.tests.conftest import make_id_number


def png_upload(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (120, 160), "blue").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def text(response):
    return response.content.decode()


@pytest.fixture
def reviewer_b(other_agency_user, agency_b):
    return actions.assign_reviewer(
        other_agency_user,
        agency_b,
        actions.ReviewerInput(started_on=datetime.date(2020, 5, 6), full_name="乙审核"),
    )


# --- Agency pages ---


def test_agency_list_shows_only_own_agency(login, agency_head_user, agency_a, agency_b):
    response = login(agency_head_user).get(reverse("agencies:agency_list"))
    assert response.status_code == 200
    assert agency_a.name in text(response)
    assert agency_b.name not in text(response)
    assert "未填写统一社会信用代码" in text(response)


def test_agency_list_search_and_kind_filter(login, supervisor_user, agency_a, agency_b):
    client = login(supervisor_user)
    response = client.get(reverse("agencies:agency_list"), {"q": "朱家角"})
    assert agency_a.name in text(response)
    assert agency_b.name not in text(response)
    response = client.get(reverse("agencies:agency_list"), {"kind": "district_department"})
    assert agency_b.name in text(response)
    assert agency_a.name not in text(response)


def test_agency_list_refuses_role_without_capability(login, security_admin_user, agency_a):
    response = login(security_admin_user).get(reverse("agencies:agency_list"))
    assert response.status_code == 403


def test_agency_detail_shows_departments_and_ratio(login, agency_head_user, agency_a):
    response = login(agency_head_user).get(reverse("agencies:agency_detail", args=[agency_a.pk]))
    assert response.status_code == 200
    page = text(response)
    assert "综合行政执法队" in page
    assert "行政处罚" in page
    assert "尚未指定法制审核机构" in page
    assert "无持证人员" in page
    assert "指定为法制审核机构" in page


def test_agency_detail_of_other_agency_is_404(login, agency_head_user, agency_b):
    response = login(agency_head_user).get(reverse("agencies:agency_detail", args=[agency_b.pk]))
    assert response.status_code == 404


def test_agency_detail_refuses_role_without_capability(login, audit_admin_user, agency_a):
    response = login(audit_admin_user).get(reverse("agencies:agency_detail", args=[agency_a.pk]))
    assert response.status_code == 403


def test_review_body_form_sets_and_refuses(login, agency_head_user, agency_a):
    client = login(agency_head_user)
    url = reverse("agencies:agency_review_body", args=[agency_a.pk])
    handling = agency_a.departments.get(name="综合行政执法队")
    response = client.post(url, {"review_body": handling.pk})
    assert response.status_code == 400
    assert "审核与承办应当分离" in text(response)

    legal = agency_a.departments.get(name="法制办")
    response = client.post(url, {"review_body": legal.pk})
    assert response.status_code == 302
    agency_a.refresh_from_db()
    assert agency_a.review_body == legal


def test_review_body_form_refusals(login, officer_user, agency_head_user, agency_a, agency_b):
    legal = agency_a.departments.get(name="法制办")
    url = reverse("agencies:agency_review_body", args=[agency_a.pk])
    assert login(officer_user).post(url, {"review_body": legal.pk}).status_code == 403
    other = reverse("agencies:agency_review_body", args=[agency_b.pk])
    assert login(agency_head_user).post(other, {"review_body": 1}).status_code == 404


def test_agency_edit_page(login, agency_head_user, agency_a):
    client = login(agency_head_user)
    url = reverse("agencies:agency_edit", args=[agency_a.pk])
    assert client.get(url).status_code == 200
    form = {"name": agency_a.name, "short_name": "朱家角", "kind": "town", "uscc": "123"}
    response = client.post(url, form)
    assert response.status_code == 400
    assert "统一社会信用代码无效" in text(response)
    agency_a.refresh_from_db()
    assert agency_a.short_name == "朱家角镇"

    form["uscc"] = ""
    response = client.post(url, form)
    assert response.status_code == 302
    agency_a.refresh_from_db()
    assert agency_a.short_name == "朱家角"


def test_agency_edit_refusals(login, officer_user, agency_head_user, agency_a, agency_b):
    assert (
        login(officer_user).get(reverse("agencies:agency_edit", args=[agency_a.pk])).status_code
        == 403
    )
    response = login(agency_head_user).get(reverse("agencies:agency_edit", args=[agency_b.pk]))
    assert response.status_code == 404


# --- Officer list and detail ---


def test_officer_list_search_and_scope(
    login, agency_head_user, officer_a, officer_b, issue_credential, make_officer, agency_a
):
    issue_credential(agency_head_user, officer_a, "31180077")
    make_officer(agency_head_user, agency_a, "钱多")
    client = login(agency_head_user)
    url = reverse("agencies:officer_list")

    page = text(client.get(url))
    assert "李明" in page
    assert "钱多" in page
    assert "王芳" not in page

    page = text(client.get(url, {"q": "0077"}))
    assert "李明" in page
    assert "钱多" not in page

    page = text(client.get(url, {"credential_state": "none"}))
    assert "钱多" in page
    assert "李明" not in page

    page = text(client.get(url, {"credential_state": CredentialStatus.ACTIVE}))
    assert "李明" in page
    assert "钱多" not in page


def test_officer_list_filters_by_department(login, agency_head_user, agency_a, make_officer):
    department = agency_a.departments.get(name="综合行政执法队")
    make_officer(agency_head_user, agency_a, "队员甲", department_id=department.pk)
    make_officer(agency_head_user, agency_a, "科员乙")
    page = text(
        login(agency_head_user).get(reverse("agencies:officer_list"), {"department": department.pk})
    )
    assert "队员甲" in page
    assert "科员乙" not in page


def test_officer_list_is_paginated(login, agency_head_user, agency_a, make_officer):
    for index in range(31):
        make_officer(agency_head_user, agency_a, f"人员{index:02d}")
    client = login(agency_head_user)
    first = client.get(reverse("agencies:officer_list"))
    assert first.context["page_obj"].paginator.num_pages == 2
    assert len(first.context["object_list"]) == 30
    second = client.get(reverse("agencies:officer_list"), {"page": 2})
    assert len(second.context["object_list"]) == 1


def test_officer_list_refuses_role_without_capability(login, security_admin_user):
    assert login(security_admin_user).get(reverse("agencies:officer_list")).status_code == 403


def test_officer_detail_full_id_for_agency_head(login, agency_head_user, officer_user, officer_a):
    response = login(agency_head_user).get(reverse("agencies:officer_detail", args=[officer_a.pk]))
    assert response.status_code == 200
    assert officer_a.id_number in text(response)

    # Colleagues without the capability see the number masked.
    response = login(officer_user).get(reverse("agencies:officer_detail", args=[officer_a.pk]))
    assert officer_a.id_number not in text(response)
    assert officer_a.masked_id_number in text(response)


def test_officer_detail_masks_id_for_supervisor(login, supervisor_user, officer_a):
    response = login(supervisor_user).get(reverse("agencies:officer_detail", args=[officer_a.pk]))
    assert response.status_code == 200
    assert officer_a.id_number not in text(response)
    assert officer_a.masked_id_number in text(response)


def test_officer_detail_masks_id_without_capability(login, make_user, agency_a, officer_a):
    approver = make_user("approver_a", "publication_approver", agency=agency_a)
    response = login(approver).get(reverse("agencies:officer_detail", args=[officer_a.pk]))
    assert response.status_code == 200
    assert officer_a.id_number not in text(response)


def test_officer_detail_of_other_agency_is_404(login, agency_head_user, officer_b):
    response = login(agency_head_user).get(reverse("agencies:officer_detail", args=[officer_b.pk]))
    assert response.status_code == 404


def test_officer_detail_refuses_role_without_capability(login, security_admin_user, officer_a):
    response = login(security_admin_user).get(
        reverse("agencies:officer_detail", args=[officer_a.pk])
    )
    assert response.status_code == 403


def test_officer_detail_shows_events_and_forms(
    login, agency_head_user, officer_a, issue_credential
):
    issue_credential(agency_head_user, officer_a, "31180001")
    page = text(
        login(agency_head_user).get(reverse("agencies:officer_detail", args=[officer_a.pk]))
    )
    assert "31180001" in page
    assert "核发" in page
    assert "办理证件事项" in page
    assert "登记培训" in page
    assert "打印证件卡片" in page


# --- Officer create and edit, photo ---


def officer_form(sequence=40, **fields):
    values = {
        "full_name": "吴刚",
        "gender": "male",
        "id_number": make_id_number(sequence),
        "is_active": "on",
    }
    values.update(fields)
    return values


def test_officer_create_with_photo(login, agency_head_user, agency_a):
    client = login(agency_head_user)
    url = reverse("agencies:officer_create")
    assert client.get(url).status_code == 200
    response = client.post(url, officer_form(agency=agency_a.pk, photo=png_upload()))
    assert response.status_code == 302
    officer = Officer.objects.get(full_name="吴刚")
    assert officer.photo.name.startswith("officers/photos/")

    detail = text(client.get(reverse("agencies:officer_detail", args=[officer.pk])))
    assert reverse("agencies:officer_photo", args=[officer.pk]) in detail
    assert "/media/" not in detail


def test_officer_create_shows_field_error(login, agency_head_user, agency_a):
    form = officer_form(agency=agency_a.pk, gender="female")
    response = login(agency_head_user).post(reverse("agencies:officer_create"), form)
    assert response.status_code == 400
    assert "性别与身份证号不符" in text(response)
    assert not Officer.objects.exists()


def test_officer_create_rejects_non_image(login, agency_head_user, agency_a):
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4", content_type="image/jpeg")
    response = login(agency_head_user).post(
        reverse("agencies:officer_create"), officer_form(agency=agency_a.pk, photo=fake)
    )
    assert response.status_code == 400
    assert "照片无法识别为图片" in text(response)


def test_officer_create_refuses_role_without_capability(login, officer_user):
    assert login(officer_user).get(reverse("agencies:officer_create")).status_code == 403


def test_officer_create_in_other_agency_is_refused(login, agency_head_user, agency_b):
    response = login(agency_head_user).post(
        reverse("agencies:officer_create"), officer_form(agency=agency_b.pk)
    )
    # Agency B is not among the choices, so the form rejects it.
    assert response.status_code == 400
    assert not Officer.objects.exists()


def test_officer_edit_page(login, agency_head_user, officer_a):
    client = login(agency_head_user)
    url = reverse("agencies:officer_edit", args=[officer_a.pk])
    assert client.get(url).status_code == 200
    form = officer_form(full_name="李明明", id_number=officer_a.id_number)
    assert client.post(url, form).status_code == 302
    officer_a.refresh_from_db()
    assert officer_a.full_name == "李明明"


def test_officer_edit_refusals(login, officer_user, agency_head_user, officer_a, officer_b):
    assert (
        login(officer_user).get(reverse("agencies:officer_edit", args=[officer_a.pk])).status_code
        == 403
    )
    assert (
        login(agency_head_user)
        .get(reverse("agencies:officer_edit", args=[officer_b.pk]))
        .status_code
        == 404
    )


def test_officer_photo_served_after_scope_check(
    login, agency_head_user, other_agency_user, agency_a, security_admin_user
):
    officer = actions.create_officer(
        agency_head_user,
        agency_a,
        actions.OfficerInput(
            full_name="带照片", gender="male", id_number=make_id_number(61), photo=png_upload()
        ),
    )
    url = reverse("agencies:officer_photo", args=[officer.pk])
    response = login(agency_head_user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")

    assert login(other_agency_user).get(url).status_code == 404
    assert login(security_admin_user).get(url).status_code == 403


def test_officer_photo_missing_is_404(login, agency_head_user, officer_a):
    response = login(agency_head_user).get(reverse("agencies:officer_photo", args=[officer_a.pk]))
    assert response.status_code == 404


# --- Credential events, card and training ---


def test_credential_event_form(login, agency_head_user, officer_a):
    client = login(agency_head_user)
    url = reverse("agencies:credential_event", args=[officer_a.pk])
    today = timezone.localdate().isoformat()
    assert client.post(url, {"kind": Kind.APPLIED, "occurred_on": today}).status_code == 302
    response = client.post(url, {"kind": Kind.REINSTATED, "occurred_on": today})
    assert response.status_code == 400
    assert "不能办理“恢复”" in text(response)
    assert Credential.objects.get().status == CredentialStatus.APPLIED


def test_credential_event_refusals(login, officer_user, agency_head_user, officer_a, officer_b):
    form = {"kind": Kind.APPLIED, "occurred_on": timezone.localdate().isoformat()}
    assert (
        login(officer_user)
        .post(reverse("agencies:credential_event", args=[officer_a.pk]), form)
        .status_code
        == 403
    )
    assert (
        login(agency_head_user)
        .post(reverse("agencies:credential_event", args=[officer_b.pk]), form)
        .status_code
        == 404
    )
    assert not Credential.objects.exists()


def test_credential_card_has_qr_code(login, agency_head_user, officer_a, issue_credential):
    issue_credential(agency_head_user, officer_a, "31180002")
    credential = Credential.objects.get()
    response = login(agency_head_user).get(reverse("agencies:credential_card", args=[officer_a.pk]))
    assert response.status_code == 200
    page = text(response)
    assert "<svg" in page
    assert f"http://testserver/verify/{credential.verify_token}/" in page
    assert "31180002" in page


def test_credential_card_refusals(
    login, officer_user, agency_head_user, other_agency_user, officer_a, issue_credential
):
    url = reverse("agencies:credential_card", args=[officer_a.pk])
    assert login(agency_head_user).get(url).status_code == 404  # nothing issued yet
    issue_credential(agency_head_user, officer_a, "31180003")
    assert login(officer_user).get(url).status_code == 403
    assert login(other_agency_user).get(url).status_code == 404


def test_training_form(login, agency_head_user, officer_a):
    client = login(agency_head_user)
    url = reverse("agencies:training_create", args=[officer_a.pk])
    today = timezone.localdate().isoformat()
    response = client.post(url, {"attended_on": today, "course": "执法规范", "hours": "6"})
    assert response.status_code == 302
    response = client.post(url, {"attended_on": today, "course": "执法规范", "hours": "0"})
    assert response.status_code == 400
    assert "学时" in text(response)
    assert officer_a.trainings.count() == 1


def test_training_refusals(login, officer_user, agency_head_user, officer_a, officer_b):
    form = {"attended_on": timezone.localdate().isoformat(), "course": "课", "hours": "1"}
    assert (
        login(officer_user)
        .post(reverse("agencies:training_create", args=[officer_a.pk]), form)
        .status_code
        == 403
    )
    assert (
        login(agency_head_user)
        .post(reverse("agencies:training_create", args=[officer_b.pk]), form)
        .status_code
        == 404
    )


# --- Reviewers ---


def test_reviewer_list_and_assign(login, agency_head_user, agency_a):
    client = login(agency_head_user)
    response = client.get(reverse("agencies:reviewer_list"))
    assert response.status_code == 200
    assert "配备法制审核人员" in text(response)

    url = reverse("agencies:reviewer_assign", args=[agency_a.pk])
    response = client.post(url, {"kind": "staff", "full_name": "新人", "started_on": "2025-03-03"})
    assert response.status_code == 400
    assert "法律职业资格" in text(response)
    assert not Reviewer.objects.exists()

    form = {"kind": "staff", "full_name": "老人", "started_on": "2019-03-03"}
    assert client.post(url, form).status_code == 302
    page = text(client.get(reverse("agencies:reviewer_list")))
    assert "老人" in page


def test_reviewer_list_other_agency_is_404(login, agency_head_user, agency_b):
    response = login(agency_head_user).get(
        reverse("agencies:reviewer_list"), {"agency": agency_b.pk}
    )
    assert response.status_code == 404


def test_reviewer_list_refuses_role_without_capability(login, security_admin_user):
    assert login(security_admin_user).get(reverse("agencies:reviewer_list")).status_code == 403


def test_reviewer_assign_refusals(login, officer_user, agency_head_user, agency_a, agency_b):
    form = {"kind": "staff", "full_name": "甲", "started_on": "2019-03-03"}
    assert (
        login(officer_user)
        .post(reverse("agencies:reviewer_assign", args=[agency_a.pk]), form)
        .status_code
        == 403
    )
    assert (
        login(agency_head_user)
        .post(reverse("agencies:reviewer_assign", args=[agency_b.pk]), form)
        .status_code
        == 404
    )


def test_reviewer_end_form(login, agency_head_user, officer_user, agency_a, reviewer_b):
    reviewer = actions.assign_reviewer(
        agency_head_user,
        agency_a,
        actions.ReviewerInput(started_on=datetime.date(2020, 5, 6), full_name="甲审核"),
    )
    url = reverse("agencies:reviewer_end", args=[reviewer.pk])
    assert login(officer_user).post(url, {"ended_on": "2026-01-05"}).status_code == 403
    client = login(agency_head_user)
    assert (
        client.post(
            reverse("agencies:reviewer_end", args=[reviewer_b.pk]), {"ended_on": "2026-01-05"}
        ).status_code
        == 404
    )
    assert client.post(url, {"ended_on": "2026-01-05"}).status_code == 302
    reviewer.refresh_from_db()
    assert reviewer.ended_on == datetime.date(2026, 1, 5)


# --- Supervision ---


def test_supervision_lists_every_agency(
    login, supervisor_user, agency_head_user, officer_a, agency_a, agency_b, issue_credential
):
    today = timezone.localdate()
    issue_credential(
        agency_head_user, officer_a, "EXP-1", valid_until=today + datetime.timedelta(days=10)
    )
    actions.assign_reviewer(
        agency_head_user,
        agency_a,
        actions.ReviewerInput(started_on=datetime.date(2020, 5, 6), full_name="甲审核"),
    )
    response = login(supervisor_user).get(reverse("agencies:supervision"))
    assert response.status_code == 200
    rows = {row.agency.pk: row for row in response.context["rows"]}
    assert set(rows) == {agency_a.pk, agency_b.pk}
    row = rows[agency_a.pk]
    assert row.ratio.credentialed_officers == 1
    assert row.ratio.reviewers == 1
    assert [credential.number for credential in row.expiring] == ["EXP-1"]
    assert [officer.full_name for officer in row.behind_on_training] == ["李明"]
    assert not row.compliant
    assert 'class="alert"' in text(response)


def test_supervision_detail_lists_officers(
    login, supervisor_user, agency_head_user, officer_a, agency_a
):
    Reviewer.objects.create(
        agency=agency_a, full_name="遗留审核", started_on=datetime.date(2023, 1, 1)
    )
    response = login(supervisor_user).get(
        reverse("agencies:supervision_detail", args=[agency_a.pk])
    )
    assert response.status_code == 200
    page = text(response)
    assert "李明" in page
    assert "遗留审核" in page


def test_supervision_refuses_role_without_capability(login, agency_head_user, agency_a):
    client = login(agency_head_user)
    assert client.get(reverse("agencies:supervision")).status_code == 403
    assert client.get(reverse("agencies:supervision_detail", args=[agency_a.pk])).status_code == 403


def test_supervision_detail_unknown_agency_is_404(login, supervisor_user, agency_a):
    # Every role with the supervision capability has district-wide scope,
    # so only a missing id gives 404.
    response = login(supervisor_user).get(
        reverse("agencies:supervision_detail", args=[agency_a.pk + 999])
    )
    assert response.status_code == 404


# --- Event choices, qualification, warnings and date format ---


def offered_kinds(response):
    return [value for value, _label in response.context["event_form"].fields["kind"].choices]


def test_event_form_offers_only_allowed_events(login, agency_head_user, officer_a):
    client = login(agency_head_user)
    url = reverse("agencies:officer_detail", args=[officer_a.pk])
    assert offered_kinds(client.get(url)) == [Kind.APPLIED]

    actions.record_credential_event(
        agency_head_user,
        officer_a,
        actions.CredentialEventInput(kind=Kind.APPLIED, occurred_on=timezone.localdate()),
    )
    response = client.get(url)
    # Nothing is preselected; issuing waits for the exam, exemption for a legal qualification.
    assert offered_kinds(response) == ["", Kind.EXAM_PASSED, Kind.REVOKED]
    assert "当前可办理：通过公共法律知识考试、注销" in text(response)


def test_event_form_after_issue_has_no_application(
    login, agency_head_user, officer_a, issue_credential
):
    issue_credential(agency_head_user, officer_a, "CH-1")
    response = login(agency_head_user).get(reverse("agencies:officer_detail", args=[officer_a.pk]))
    kinds = offered_kinds(response)
    assert kinds[0] == ""
    assert set(kinds[1:]) == {
        Kind.ANNUAL_REVIEW_PASSED,
        Kind.ANNUAL_REVIEW_FAILED,
        Kind.SUSPENDED,
        Kind.REVOKED,
        Kind.RENEWED,
    }
    assert '<option value="applied"' not in text(response)


def test_event_form_error_keeps_allowed_choices(login, agency_head_user, officer_a):
    client = login(agency_head_user)
    url = reverse("agencies:credential_event", args=[officer_a.pk])
    form = {"kind": Kind.ISSUED, "occurred_on": timezone.localdate().isoformat()}
    response = client.post(url, form)
    assert response.status_code == 400
    assert "尚未申领" in text(response)
    assert offered_kinds(response) == [Kind.APPLIED]


def test_qualification_without_number_has_no_brackets(login, agency_head_user, officer_a):
    # Older records may carry the qualification without its certificate number.
    Officer.objects.filter(pk=officer_a.pk).update(legal_qualification=True)
    client = login(agency_head_user)
    page = text(client.get(reverse("agencies:officer_detail", args=[officer_a.pk])))
    assert "已取得" in page
    assert "（）" not in page

    Officer.objects.filter(pk=officer_a.pk).update(legal_qualification_number="A20183101")
    page = text(client.get(reverse("agencies:officer_detail", args=[officer_a.pk])))
    assert "已取得（A20183101）" in page


def test_supervision_missing_uscc_is_warning_not_red(
    login, supervisor_user, agency_head_user, agency_a, agency_b
):
    actions.set_review_body(agency_head_user, agency_a, agency_a.departments.get(name="法制办").pk)
    response = login(supervisor_user).get(reverse("agencies:supervision"))
    row = next(row for row in response.context["rows"] if row.agency == agency_a)
    assert row.compliant
    assert row.uscc_problem == "未填写统一社会信用代码"
    page = text(response)
    assert '<span class="badge warn" title="统一社会信用代码：未填写统一社会信用代码">' in page
    assert '<span class="badge bad">未填写统一社会信用代码' not in page
    # Agency B has no review body, so it is the only red row.
    assert response.context["non_compliant_count"] == 1
    assert page.count('class="alert"') == 1


def test_supervision_counts_expired_credentials(
    login, supervisor_user, agency_head_user, officer_a, agency_a
):
    today = timezone.localdate()
    issued_on = today - datetime.timedelta(days=400)
    for kind in (Kind.APPLIED, Kind.EXAM_PASSED):
        actions.record_credential_event(
            agency_head_user,
            officer_a,
            actions.CredentialEventInput(kind=kind, occurred_on=issued_on),
        )
    actions.record_credential_event(
        agency_head_user,
        officer_a,
        actions.CredentialEventInput(
            kind=Kind.ISSUED,
            occurred_on=issued_on,
            number="GONE-1",
            valid_until=today - datetime.timedelta(days=5),
        ),
    )
    client = login(supervisor_user)
    response = client.get(reverse("agencies:supervision"))
    row = next(row for row in response.context["rows"] if row.agency == agency_a)
    assert [credential.number for credential in row.expired] == ["GONE-1"]
    assert not row.expiring
    assert not row.compliant

    detail = text(client.get(reverse("agencies:supervision_detail", args=[agency_a.pk])))
    assert "已过期的执法证件（1）" in detail
    assert "GONE-1" in detail


def chinese_date(day):
    return f"{day.year}年{day.month}月{day.day}日"


def test_officer_detail_dates_use_date_format(login, agency_head_user, officer_a, issue_credential):
    valid_from = timezone.localdate() - datetime.timedelta(days=10)
    valid_until = valid_from + datetime.timedelta(days=1000)
    issue_credential(agency_head_user, officer_a, "DF-1", valid_until=valid_until)
    page = text(
        login(agency_head_user).get(reverse("agencies:officer_detail", args=[officer_a.pk]))
    )
    assert f"{chinese_date(valid_from)} 至 {chinese_date(valid_until)}" in page
    assert valid_until.isoformat() not in page
    assert valid_from.isoformat() not in page


def test_reviewer_list_dates_use_date_format(login, agency_head_user, agency_a):
    actions.assign_reviewer(
        agency_head_user,
        agency_a,
        actions.ReviewerInput(started_on=datetime.date(2020, 5, 6), full_name="甲审核"),
    )
    page = text(login(agency_head_user).get(reverse("agencies:reviewer_list")))
    assert "2020年5月6日" in page
    assert "2020-05-06" not in page


def test_agency_edit_shows_phone_error(login, agency_head_user, agency_a):
    form = {"name": agency_a.name, "short_name": "朱家角镇", "kind": "town", "phone": "电话123"}
    response = login(agency_head_user).post(
        reverse("agencies:agency_edit", args=[agency_a.pk]), form
    )
    assert response.status_code == 400
    assert "“联系电话”“电话123”格式无效" in text(response)
    agency_a.refresh_from_db()
    assert agency_a.phone == ""
