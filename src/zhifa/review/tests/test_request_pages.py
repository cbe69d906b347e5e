"""Pages of the review loop: the case panel, submission, opinion, objection and scope.

Every form's refusal path is checked to show the action's Chinese message beside the field
and to save nothing. The helpers at the top build form data from the seeded materials and
checklist; the API and browser tests reuse them.
"""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases.models import Case
from zhifa.review import actions
from zhifa.review.forms_requests import checklist_field, material_field
from zhifa.review.lists import checklist_for, materials_for
from zhifa.review.models import (
    MajorDecisionFlag,
    RequestState,
    ReviewObjection,
    ReviewOpinion,
    ReviewRequest,
)
from zhifa.review.status import assess
from zhifa.review.tests.support import (
    LEGALITY,
    REASONABLENESS,
    ReviewWorld,
    no_pdf,
    opinion,
    review_world,
    submission,
    town_review_world,
)

__all__ = ["no_pdf", "review_world", "town_review_world"]  # fixtures used by name


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submission_post(case: Case, skip: str = "", **fields: str) -> dict[str, Any]:
    """Return the submit form's data with every material provided except ``skip``."""
    kind = assess(case, None).proposal.kind
    data: dict[str, Any] = {"summary": "拟对当事人罚款2000元，请予审核。", **fields}
    for material in materials_for(kind, case.agency_id):
        if material.code != skip:
            data[material_field(material.code, "provided")] = "on"
        data[material_field(material.code, "note")] = ""
        data[material_field(material.code, "document")] = ""
    return data


def opinion_post(
    review: ReviewRequest,
    conclusion: str = "approved",
    failed: dict[str, str] | None = None,
    **fields: str,
) -> dict[str, Any]:
    """Return the opinion form's data: every item passed except ``failed`` (code: note)."""
    failed = failed or {}
    data: dict[str, Any] = {
        "conclusion": conclusion,
        "legality": LEGALITY,
        "reasonableness": REASONABLENESS,
        "corrections": "" if conclusion == "approved" else "请补充陈述申辩复核材料后重新送审。",
        "participant_note": "",
    }
    for item in checklist_for(review.decision_kind):
        data[checklist_field(item.code, "result")] = "fail" if item.code in failed else "pass"
        data[checklist_field(item.code, "note")] = failed.get(item.code, "")
    data.update(fields)
    return data


def submitted(review_world: ReviewWorld) -> ReviewRequest:
    return actions.submit(
        review_world.officer_user, review_world.case, submission(review_world.case)
    )


def returned(review_world: ReviewWorld) -> ReviewRequest:
    review = submitted(review_world)
    failed = {checklist_for(review.decision_kind)[0].code: "缺少陈述申辩复核记录"}
    actions.issue_opinion(
        review_world.reviewer_user, review, opinion(review, "revise_and_resubmit", failed)
    )
    review.refresh_from_db()
    return review


def page(response: Any) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_case_panel_shows_assessment_and_flag(review_world: ReviewWorld) -> None:
    client = client_of(review_world.officer_user)

    body = page(client.get(reverse("cases:case_detail", args=[review_world.case.pk])))

    assert 'id="legal-review"' in body
    assert "行政处罚法第五十八条规定应当法制审核的情形" in body
    assert "案件情况疑难复杂、涉及多个法律关系" in body
    assert "尚未送审" in body
    assert reverse("review:request_submit", args=[review_world.case.pk]) in body


@pytest.mark.django_db
def test_submit_page_names_missing_material(review_world: ReviewWorld) -> None:
    case = review_world.case
    kind = assess(case, None).proposal.kind
    required = next(row for row in materials_for(kind, case.agency_id) if row.required)
    client = client_of(review_world.officer_user)

    response = client.post(
        reverse("review:request_submit", args=[case.pk]), submission_post(case, skip=required.code)
    )

    assert response.status_code == 400
    assert "缺少必须提交的送审材料" in page(response)
    assert required.name in page(response)
    assert not ReviewRequest.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_submit_page_requires_summary(review_world: ReviewWorld) -> None:
    case = review_world.case
    client = client_of(review_world.officer_user)

    response = client.post(
        reverse("review:request_submit", args=[case.pk]), submission_post(case, summary="")
    )

    assert response.status_code == 400
    assert response.context["form"].errors["summary"]
    assert not ReviewRequest.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_submit_page_opens_first_round(review_world: ReviewWorld) -> None:
    case = review_world.case
    client = client_of(review_world.officer_user)
    form_page = page(client.get(reverse("review:request_submit", args=[case.pk])))
    assert "修改情况说明" not in form_page

    response = client.post(reverse("review:request_submit", args=[case.pk]), submission_post(case))

    review = ReviewRequest.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == reverse("review:request_detail", args=[review.pk])
    detail = page(client.get(response["Location"]))
    assert "区市场监管局法制科" in detail
    assert "审核中" in detail


@pytest.mark.django_db
def test_opinion_page_refuses_bare_agreement(review_world: ReviewWorld) -> None:
    review = submitted(review_world)
    client = client_of(review_world.reviewer_user)
    url = reverse("review:opinion_create", args=[review.pk])

    response = client.post(url, opinion_post(review, legality="同意"))

    assert response.status_code == 400
    assert response.context["form"].errors["legality"]
    assert not ReviewOpinion.objects.filter(request=review).exists()


@pytest.mark.django_db
def test_opinion_page_refuses_unexplained_failure(review_world: ReviewWorld) -> None:
    review = submitted(review_world)
    item = checklist_for(review.decision_kind)[0]
    client = client_of(review_world.reviewer_user)
    data = opinion_post(review, "revise_and_resubmit", failed={item.code: ""})

    response = client.post(reverse("review:opinion_create", args=[review.pk]), data)

    assert response.status_code == 400
    assert f"审核要点“{item.label}”不符合" in page(response)
    assert not ReviewOpinion.objects.filter(request=review).exists()


@pytest.mark.django_db
def test_opinion_page_refuses_approval_with_failure(review_world: ReviewWorld) -> None:
    review = submitted(review_world)
    item = checklist_for(review.decision_kind)[0]
    client = client_of(review_world.reviewer_user)
    data = opinion_post(review, "approved", failed={item.code: "缺少陈述申辩复核记录"})

    response = client.post(reverse("review:opinion_create", args=[review.pk]), data)

    assert response.status_code == 400
    assert response.context["form"].errors["conclusion"]
    assert not ReviewOpinion.objects.filter(request=review).exists()


@pytest.mark.django_db
def test_opinion_page_refuses_officer_role(review_world: ReviewWorld) -> None:
    review = submitted(review_world)
    client = client_of(review_world.officer_user)

    response = client.get(reverse("review:opinion_create", args=[review.pk]))

    assert response.status_code == 403


@pytest.mark.django_db
def test_opinion_page_refuses_unlinked_reviewer(review_world: ReviewWorld, make_user: Any) -> None:
    review = submitted(review_world)
    legal = review_world.reviewer_user.department
    unlinked = make_user("fazhi_b2", "reviewer", agency=review_world.case.agency, department=legal)
    client = client_of(unlinked)
    detail = page(client.get(reverse("review:request_detail", args=[review.pk])))
    assert reverse("review:opinion_create", args=[review.pk]) not in detail

    response = client.post(reverse("review:opinion_create", args=[review.pk]), opinion_post(review))

    assert response.status_code == 400
    assert "没有关联法制审核人员名册" in page(response)
    assert not ReviewOpinion.objects.filter(request=review).exists()


@pytest.mark.django_db
def test_opinion_page_approves(review_world: ReviewWorld, no_pdf: None) -> None:
    review = submitted(review_world)
    client = client_of(review_world.reviewer_user)
    detail_url = reverse("review:request_detail", args=[review.pk])
    assert reverse("review:opinion_create", args=[review.pk]) in page(client.get(detail_url))

    response = client.post(reverse("review:opinion_create", args=[review.pk]), opinion_post(review))

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.state == RequestState.APPROVED
    detail = page(client.get(detail_url))
    assert "形式审核" in detail
    assert "实质审核" in detail
    case_page = page(client.get(reverse("cases:case_detail", args=[review.case_id])))
    assert "法制审核通过" in case_page


@pytest.mark.django_db
def test_resubmission_needs_correction_summary(review_world: ReviewWorld, no_pdf: None) -> None:
    first = returned(review_world)
    case = review_world.case
    client = client_of(review_world.officer_user)
    url = reverse("review:request_submit", args=[case.pk])
    assert "修改情况说明" in page(client.get(url))

    rejected = client.post(url, submission_post(case))

    assert rejected.status_code == 400
    assert rejected.context["form"].errors["correction_summary"]
    assert ReviewRequest.objects.filter(case=case).count() == 1

    accepted = client.post(
        url,
        submission_post(
            case, summary="已补充复核记录。", correction_summary="补充陈述申辩复核记录"
        ),
    )

    second = ReviewRequest.objects.get(case=case, round_number=2)
    assert accepted.status_code == 302
    assert second.previous == first
    detail = page(client.get(reverse("review:request_detail", args=[second.pk])))
    assert "与第1轮相比的变化" in detail
    assert "补充陈述申辩复核记录" in detail


@pytest.mark.django_db
def test_objection_refused_while_under_review(review_world: ReviewWorld) -> None:
    review = submitted(review_world)
    client = client_of(review_world.officer_user)

    response = client.post(
        reverse("review:objection_create", args=[review.pk]), {"reasons": "认为事实已经清楚"}
    )

    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not ReviewObjection.objects.filter(request=review).exists()


@pytest.mark.django_db
def test_objection_and_decision_pages(review_world: ReviewWorld, no_pdf: None) -> None:
    review = returned(review_world)
    officer = client_of(review_world.officer_user)
    head = client_of(review_world.head)
    case_url = reverse("cases:case_detail", args=[review.case_id])
    decide_url = reverse("review:objection_decide", args=[review.pk])
    objection_url = reverse("review:objection_create", args=[review.pk])
    assert objection_url in page(officer.get(case_url))

    empty = officer.post(reverse("review:objection_create", args=[review.pk]), {"reasons": ""})
    assert empty.status_code == 400
    raised = officer.post(
        reverse("review:objection_create", args=[review.pk]),
        {"reasons": "复核记录已随卷提交，审核意见认定有误"},
    )
    assert raised.status_code == 302
    assert decide_url in page(head.get(case_url))
    assert objection_url not in page(officer.get(case_url))

    without_reason = head.post(decide_url, {"decision": "accept_opinion", "reasons": ""})
    assert without_reason.status_code == 400
    assert without_reason.context["form"].errors["reasons"]
    decided = head.post(
        decide_url, {"decision": "accept_opinion", "reasons": "审核意见正确，应补充材料"}
    )

    assert decided.status_code == 302
    objection = ReviewObjection.objects.get(request=review)
    assert objection.decision == "accept_opinion"
    detail = page(head.get(reverse("review:request_detail", args=[review.pk])))
    assert "采纳审核意见，退回修改" in detail


@pytest.mark.django_db
def test_extension_page_allows_one(review_world: ReviewWorld) -> None:
    review = submitted(review_world)
    client = client_of(review_world.head)
    url = reverse("review:extension_create", args=[review.pk])

    first = client.post(url, {"reasons": "案情复杂，需要补充查阅材料"})
    second = client.post(url, {"reasons": "仍需时间"})

    assert first.status_code == 302
    assert second.status_code == 400
    assert "只能延长一次" in page(second)
    review.refresh_from_db()
    assert review.extension_reason == "案情复杂，需要补充查阅材料"


@pytest.mark.django_db
def test_withdraw_page_refuses_returned(review_world: ReviewWorld, no_pdf: None) -> None:
    review = returned(review_world)
    client = client_of(review_world.officer_user)

    response = client.post(
        reverse("review:request_withdraw", args=[review.pk]), {"reasons": "需要补充材料"}
    )

    assert response.status_code == 400
    review.refresh_from_db()
    assert review.state == RequestState.RETURNED


@pytest.mark.django_db
def test_flag_forms_on_case_panel(review_world: ReviewWorld) -> None:
    case = review_world.case
    client = client_of(review_world.officer_user)
    set_url = reverse("review:flag_set", args=[case.pk])

    no_reason = client.post(set_url, {"code": "new_domain", "reason": ""}, follow=True)
    duplicate = client.post(set_url, {"code": "complex", "reason": "重复标记"}, follow=True)
    added = client.post(set_url, {"code": "new_domain", "reason": "涉及新业态"}, follow=True)

    assert "请选择“情形”并填写“理由”" in page(no_reason)
    assert "无需重复标记" in page(duplicate)
    assert "已标记重大执法决定情形" in page(added)
    flag = MajorDecisionFlag.objects.get(case=case, code="new_domain")
    clear_url = reverse("review:flag_clear", args=[flag.pk])
    assert "请填写“撤销理由”" in page(client.post(clear_url, {"reason": ""}, follow=True))
    cleared = client.post(clear_url, {"reason": "经核实不属于新业态"}, follow=True)
    assert "已撤销重大执法决定情形" in page(cleared)
    flag.refresh_from_db()
    assert flag.clear_reason == "经核实不属于新业态"


@pytest.mark.django_db
def test_request_list_queue_by_body(
    review_world: ReviewWorld, judicial_office_user: User, make_user: Any
) -> None:
    review = submitted(review_world)
    reviewer = client_of(review_world.reviewer_user)
    office = client_of(judicial_office_user)

    queue = page(reviewer.get(reverse("review:request_list")))
    filtered = page(reviewer.get(reverse("review:request_list"), {"state": "approved"}))

    assert review.case.number in queue
    assert review.case.number not in filtered
    assert review.case.number not in page(office.get(reverse("review:request_list")))


@pytest.mark.django_db
def test_other_agency_reviewer_gets_404(
    review_world: ReviewWorld, make_user: Any, agency_a: Agency
) -> None:
    review = submitted(review_world)
    outsider = make_user("reviewer_a", "reviewer", agency=agency_a)
    client = client_of(outsider)

    for name in ("review:request_detail", "review:opinion_create"):
        assert client.get(reverse(name, args=[review.pk])).status_code == 404, name
    posted = client.post(reverse("review:opinion_create", args=[review.pk]), opinion_post(review))
    assert posted.status_code == 404
    assert not ReviewOpinion.objects.filter(request=review).exists()


@pytest.mark.django_db
def test_other_agency_officer_gets_404(review_world: ReviewWorld, officer_user: User) -> None:
    review = submitted(review_world)
    client = client_of(officer_user)

    submit_url = reverse("review:request_submit", args=[review_world.case.pk])
    assert client.get(submit_url).status_code == 404
    assert client.post(submit_url, submission_post(review_world.case)).status_code == 404
    objection_url = reverse("review:objection_create", args=[review.pk])
    assert client.post(objection_url, {"reasons": "异议理由"}).status_code == 404
    assert ReviewRequest.objects.filter(case=review_world.case).count() == 1


@pytest.mark.django_db
def test_judicial_office_queue_and_opinion_page(town_review_world: ReviewWorld) -> None:
    review = actions.submit(
        town_review_world.officer_user, town_review_world.case, submission(town_review_world.case)
    )
    client = client_of(town_review_world.reviewer_user)

    queue = page(client.get(reverse("review:request_list")))
    form_page = client.get(reverse("review:opinion_create", args=[review.pk]))

    assert town_review_world.case.number in queue
    assert "上海市青浦区司法局朱家角司法所" in queue
    assert form_page.status_code == 200
    assert "审核要点" in page(form_page)
