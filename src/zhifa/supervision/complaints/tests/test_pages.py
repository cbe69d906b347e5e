from django.test import Client

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.supervision.complaints.actions import rate_agency
from zhifa.supervision.complaints.models import Complaint, ComplaintStatus, RatedPage
from zhifa.supervision.complaints.tests.support import REASONED_REPLY, make_complaint, shanghai


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def test_officer_rejected(client: Client, officer_user: User) -> None:
    response = signed_in(client, officer_user).get("/office/complaints/")

    assert response.status_code == 403


def test_agency_sees_own_only(
    client: Client, agency_head_user: User, agency_a: Agency, agency_b: Agency
) -> None:
    own = make_complaint(agency_a)
    other = make_complaint(agency_b)
    signed_in(client, agency_head_user)

    page = client.get("/office/complaints/").content.decode()

    assert f"/office/complaints/{own.pk}/" in page
    assert f"/office/complaints/{other.pk}/" not in page
    assert client.get(f"/office/complaints/{other.pk}/").status_code == 404


def test_bureau_filters_overdue(client: Client, supervisor_user: User, agency_a: Agency) -> None:
    overdue = make_complaint(agency_a, received_at=shanghai(2026, 9, 1))
    unrouted = make_complaint(None, received_at=shanghai(2026, 9, 1))
    signed_in(client, supervisor_user)

    page = client.get("/office/complaints/?overdue=on").content.decode()

    assert f"/office/complaints/{overdue.pk}/" in page
    assert f"/office/complaints/{unrouted.pk}/" in page
    assert "已超期" in page


def test_reply_form_rejects_bare_text(
    client: Client, agency_head_user: User, agency_a: Agency
) -> None:
    complaint = make_complaint(agency_a)
    signed_in(client, agency_head_user)

    bare = client.post(f"/office/complaints/{complaint.pk}/reply/", {"reply": "已处理"})
    good = client.post(f"/office/complaints/{complaint.pk}/reply/", {"reply": REASONED_REPLY})

    assert bare.status_code == 400
    assert "答复不能只写“已处理”" in bare.content.decode()
    assert good.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.REPLIED


def test_bureau_routes_from_page(client: Client, supervisor_user: User, agency_a: Agency) -> None:
    complaint = make_complaint(None)
    signed_in(client, supervisor_user)

    response = client.post(
        f"/office/complaints/{complaint.pk}/route/", {"agency": str(agency_a.pk)}
    )

    assert response.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).agency_id == agency_a.pk


def test_agency_cannot_route_from_page(
    client: Client, agency_head_user: User, agency_a: Agency
) -> None:
    complaint = make_complaint(None)
    signed_in(client, agency_head_user)

    response = client.post(
        f"/office/complaints/{complaint.pk}/route/", {"agency": str(agency_a.pk)}
    )

    assert response.status_code == 404


def test_import_page_rejects_agency(client: Client, agency_head_user: User) -> None:
    response = signed_in(client, agency_head_user).get("/office/complaints/import/")

    assert response.status_code == 403


def test_rating_report(client: Client, supervisor_user: User, agency_a: Agency) -> None:
    rate_agency(RatedPage.AGENCY, agency_a.pk, 5, "窗口服务很耐心")
    rate_agency(RatedPage.AGENCY, agency_a.pk, 2)
    signed_in(client, supervisor_user)

    page = client.get("/office/complaints/ratings/").content.decode()

    assert "3.50" in page
    assert "50.0%" in page
    assert "窗口服务很耐心" in page


def test_officer_report_hides_comments(
    client: Client, officer_user: User, agency_a: Agency
) -> None:
    rate_agency(RatedPage.AGENCY, agency_a.pk, 5, "窗口服务很耐心")

    page = signed_in(client, officer_user).get("/office/complaints/ratings/").content.decode()

    assert "5.00" in page
    assert "窗口服务很耐心" not in page


def test_detail_offers_handling(client: Client, agency_head_user: User, agency_a: Agency) -> None:
    complaint = make_complaint(agency_a)

    page = (
        signed_in(client, agency_head_user)
        .get(f"/office/complaints/{complaint.pk}/")
        .content.decode()
    )

    assert f"/office/complaints/{complaint.pk}/accept/" in page
    assert f"/office/complaints/{complaint.pk}/transfer/" in page
    assert f"/office/complaints/{complaint.pk}/reject/" in page
    assert "张三" in page


def test_transfer_from_page(
    client: Client, agency_head_user: User, agency_a: Agency, agency_b: Agency
) -> None:
    complaint = make_complaint(agency_a)
    signed_in(client, agency_head_user)

    missing = client.post(
        f"/office/complaints/{complaint.pk}/transfer/", {"reason": "属市场监管部门职责范围。"}
    )
    done = client.post(
        f"/office/complaints/{complaint.pk}/transfer/",
        {"reason": "属市场监管部门职责范围。", "agency": str(agency_b.pk)},
    )

    assert missing.status_code == 400
    assert "二者填一项" in missing.content.decode()
    assert done.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).agency_id == agency_b.pk


def test_import_page_for_bureau(client: Client, supervisor_user: User, agency_a: Agency) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("t.json", '[{"ticket_id": "A1", "kind": "建议"}]'.encode())
    signed_in(client, supervisor_user)

    response = client.post("/office/complaints/import/", {"file": bad})

    assert response.status_code == 400
    assert "整批未导入" in response.content.decode()
    assert not Complaint.objects.exists()


def test_transfer_out_of_scope_lands_on_list(
    client: Client, agency_head_user: User, agency_a: Agency, agency_b: Agency
) -> None:
    complaint = make_complaint(agency_a)
    signed_in(client, agency_head_user)

    response = client.post(
        f"/office/complaints/{complaint.pk}/transfer/",
        {"reason": "属市场监管部门职责范围。", "agency": str(agency_b.pk)},
        follow=True,
    )

    assert response.redirect_chain == [("/office/complaints/", 302)]
    assert f"已移送至{agency_b.name}" in response.content.decode()


def test_accept_twice_explained(client: Client, agency_head_user: User, agency_a: Agency) -> None:
    complaint = make_complaint(agency_a)
    signed_in(client, agency_head_user)
    client.post(f"/office/complaints/{complaint.pk}/accept/")

    again = client.post(f"/office/complaints/{complaint.pk}/accept/")

    assert again.status_code == 409
    assert "已受理，无需重复受理" in again.content.decode()


def test_accept_rejected_explained(
    client: Client, agency_head_user: User, agency_a: Agency
) -> None:
    complaint = make_complaint(agency_a)
    signed_in(client, agency_head_user)
    client.post(f"/office/complaints/{complaint.pk}/reject/", {"reject-reply": REASONED_REPLY})

    response = client.post(f"/office/complaints/{complaint.pk}/accept/")

    assert response.status_code == 409
    assert "当前为“不予受理”" in response.content.decode()


def test_code_only_on_detail(client: Client, supervisor_user: User, agency_a: Agency) -> None:
    from zhifa.supervision.complaints.rules import format_lookup_code

    complaint = make_complaint(agency_a)
    signed_in(client, supervisor_user)

    listing = client.get("/office/complaints/").content.decode()
    detail = client.get(f"/office/complaints/{complaint.pk}/").content.decode()

    assert complaint.lookup_code not in listing
    assert format_lookup_code(complaint.lookup_code) not in listing
    assert format_lookup_code(complaint.lookup_code) in detail


def test_anonymous_detail_shows_no_contact(
    client: Client, agency_head_user: User, agency_a: Agency
) -> None:
    from zhifa.supervision.complaints.actions import ComplaintInput, submit_complaint

    data = ComplaintInput(
        kind="complaint",
        content="朱家角镇北大街有商户长期占用人行道摆放货物。",
        is_anonymous=True,
        name="张三",
        phone="13800000000",
        agency_id=agency_a.pk,
    )
    complaint = submit_complaint(data)

    page = (
        signed_in(client, agency_head_user)
        .get(f"/office/complaints/{complaint.pk}/")
        .content.decode()
    )

    assert "匿名" in page
    assert "张三" not in page
    assert "13800000000" not in page
