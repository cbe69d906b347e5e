"""Issuing an opinion: the state it sets, the timeline step, the document, refused texts."""

import datetime
import shutil

import pytest

from zhifa.accounts.models import AuditEntry
from zhifa.cases.models import LegalReviewState
from zhifa.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from zhifa.review import actions
from zhifa.review.actions.opinions import minimum_characters
from zhifa.review.lists import checklist_for
from zhifa.review.models import Conclusion, RequestState, ReviewRequest
from zhifa.review.tests.support import (
    ReviewWorld,
    no_pdf,
    opinion,
    review_world,
    submission,
)

__all__ = ["no_pdf", "review_world"]  # fixtures used by name

pytestmark = pytest.mark.django_db


def submitted(world: ReviewWorld) -> ReviewRequest:
    return actions.submit(world.officer_user, world.case, submission(world.case))


def test_approval_records_step_and_document(review_world: ReviewWorld, no_pdf: None) -> None:
    request = submitted(review_world)

    issued = actions.issue_opinion(review_world.reviewer_user, request, opinion(request))

    request.refresh_from_db()
    assert request.state == RequestState.APPROVED
    assert request.completed_at is not None
    case = request.case
    case.refresh_from_db()
    assert case.legal_review_state == LegalReviewState.APPROVED
    step = case.steps.get(step="legal_review")
    assert step.details["round"] == 1
    assert step.details["conclusion"] == "approved"
    assert "第1轮法制审核：同意" in step.summary
    document = issued.document
    assert document is not None
    assert document.doc_type == "review_opinion"
    assert document.status == "final"
    assert document.step == step
    assert document.docx_digest.startswith("sha256:")
    assert document.data["legality"] == issued.legality
    assert AuditEntry.objects.filter(action="review_opinion_issued").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)")
def test_opinion_document_has_pdf(review_world: ReviewWorld) -> None:
    request = submitted(review_world)

    issued = actions.issue_opinion(review_world.reviewer_user, request, opinion(request))

    assert issued.document is not None
    assert issued.document.pdf_digest.startswith("sha256:")
    with issued.document.pdf_file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_return_keeps_review_required(review_world: ReviewWorld, no_pdf: None) -> None:
    request = submitted(review_world)
    data = opinion(request, Conclusion.REVISE_AND_RESUBMIT)

    actions.issue_opinion(review_world.reviewer_user, request, data)

    request.refresh_from_db()
    request.case.refresh_from_db()
    assert request.state == RequestState.RETURNED
    assert request.case.legal_review_state == LegalReviewState.REQUIRED


@pytest.mark.parametrize("text", ["同意", "同意。", " 拟同意 ", "无意见", "已阅"])
def test_bare_agreement_is_refused(review_world: ReviewWorld, text: str) -> None:
    request = submitted(review_world)

    with pytest.raises(ValidationFailed) as refused:
        actions.issue_opinion(review_world.reviewer_user, request, opinion(request, legality=text))

    assert refused.value.field == "legality"
    assert "没有说明理由" in refused.value.message


@pytest.mark.parametrize("text", ["李审核 2026年12月5日", "审核人：李审核", "签字：fazhi_b"])
def test_signature_only_is_refused(review_world: ReviewWorld, text: str) -> None:
    request = submitted(review_world)
    data = opinion(request, reasonableness=text)

    with pytest.raises(ValidationFailed) as refused:
        actions.issue_opinion(review_world.reviewer_user, request, data)

    assert refused.value.field == "reasonableness"
    assert "只有签名或日期" in refused.value.message


def test_short_finding_states_minimum(review_world: ReviewWorld, no_pdf: None) -> None:
    request = submitted(review_world)
    least = minimum_characters()
    short = "事实清楚证据充分" + "程" * (least - 9)  # one below the minimum

    with pytest.raises(ValidationFailed) as refused:
        actions.issue_opinion(review_world.reviewer_user, request, opinion(request, legality=short))
    enough = short + "序"
    actions.issue_opinion(review_world.reviewer_user, request, opinion(request, legality=enough))

    assert f"至少应有{least}个有效字" in refused.value.message


def test_failed_item_needs_note(review_world: ReviewWorld) -> None:
    request = submitted(review_world)
    code = checklist_for(request.decision_kind)[0].code
    data = opinion(request, Conclusion.REVISE_AND_RESUBMIT, failed={code: ""})

    with pytest.raises(ValidationFailed) as refused:
        actions.issue_opinion(review_world.reviewer_user, request, data)

    assert refused.value.field == "checklist"
    assert "不符合，请在说明中写明存在的问题" in refused.value.message


def test_approval_with_failed_item_is_refused(review_world: ReviewWorld) -> None:
    request = submitted(review_world)
    item = checklist_for(request.decision_kind)[0]
    data = opinion(request, Conclusion.APPROVED, failed={item.code: "未告知陈述申辩权利"})

    with pytest.raises(ValidationFailed) as refused:
        actions.issue_opinion(review_world.reviewer_user, request, data)

    assert refused.value.field == "conclusion"
    assert item.label in refused.value.message


def test_unanswered_item_is_named(review_world: ReviewWorld) -> None:
    request = submitted(review_world)
    data = opinion(request)
    dropped = data.checklist.pop()
    label = next(i.label for i in checklist_for(request.decision_kind) if i.code == dropped.code)

    with pytest.raises(ValidationFailed) as refused:
        actions.issue_opinion(review_world.reviewer_user, request, data)

    assert label in refused.value.message


def test_disapproval_needs_corrections(review_world: ReviewWorld) -> None:
    request = submitted(review_world)
    data = opinion(request, Conclusion.DISAPPROVED, corrections=" ")

    with pytest.raises(ValidationFailed) as refused:
        actions.issue_opinion(review_world.reviewer_user, request, data)

    assert refused.value.field == "corrections"


def test_second_opinion_is_refused(review_world: ReviewWorld, no_pdf: None) -> None:
    request = submitted(review_world)
    actions.issue_opinion(review_world.reviewer_user, request, opinion(request))

    with pytest.raises(InvalidTransition) as refused:
        actions.issue_opinion(review_world.reviewer_user, request, opinion(request))

    assert "不能再出具审核意见" in refused.value.message


def test_participant_is_recorded(review_world: ReviewWorld, no_pdf: None) -> None:
    from zhifa.agencies import actions as agency_actions
    from zhifa.agencies.models import ReviewerKind

    lawyer = agency_actions.assign_reviewer(
        review_world.head,
        review_world.case.agency,
        agency_actions.ReviewerInput(
            started_on=datetime.date(2020, 1, 6),
            kind=ReviewerKind.PUBLIC_LAWYER,
            full_name="赵律师",
        ),
    )
    request = submitted(review_world)
    data = opinion(request, participant_ids=[lawyer.pk])

    issued = actions.issue_opinion(review_world.reviewer_user, request, data)

    assert list(issued.participants.all()) == [lawyer]
    assert issued.document is not None
    assert issued.document.data["participants"] == "赵律师"


def test_officer_cannot_issue_opinion(review_world: ReviewWorld) -> None:
    request = submitted(review_world)

    with pytest.raises(NotPermitted):
        actions.issue_opinion(review_world.officer_user, request, opinion(request))
