"""Findings and checklist notes an opinion refuses: stock phrases, repeats, Latin, long notes."""

import pytest

from zhifa.core.errors import ValidationFailed
from zhifa.review import actions
from zhifa.review.actions.opinions import CHECKLIST_NOTE_MAX, minimum_characters
from zhifa.review.lists import checklist_for
from zhifa.review.models import ReviewRequest
from zhifa.review.tests.support import ReviewWorld, no_pdf, opinion, review_world, submission

__all__ = ["no_pdf", "review_world"]  # fixtures used by name

pytestmark = pytest.mark.django_db

# Twenty distinct ideographs, enough for any minimum up to twenty.
DISTINCT = "事实清楚证据充分程序合法依据正确裁量适当处罚相"


def submitted(world: ReviewWorld) -> ReviewRequest:
    return actions.submit(world.officer_user, world.case, submission(world.case))


@pytest.mark.parametrize(
    "text",
    [
        "同意同意同意同意同意同意同意同意",
        "拟同意，无意见，已阅。拟同意，无意见，已阅。拟同意，无意见，已阅。",
        "OK OK OK OK OK OK OK OK OK OK",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "1111111111111111111111",
        "Article 49 applies, facts clear, evidence sufficient",
    ],
)
def test_junk_finding_is_refused(review_world: ReviewWorld, text: str) -> None:
    request = submitted(review_world)

    with pytest.raises(ValidationFailed) as refused:
        actions.issue_opinion(review_world.reviewer_user, request, opinion(request, legality=text))

    assert refused.value.field == "legality"
    assert "“合法性审核意见”" in refused.value.message
    assert "事实、证据、依据、程序、裁量" in refused.value.message


def test_repeated_character_is_refused(review_world: ReviewWorld) -> None:
    request = submitted(review_world)
    text = "哈" * (minimum_characters() + 5)

    with pytest.raises(ValidationFailed) as refused:
        actions.issue_opinion(review_world.reviewer_user, request, opinion(request, legality=text))

    assert "只有1个不同的汉字" in refused.value.message


def test_distinct_characters_edge(review_world: ReviewWorld, no_pdf: None) -> None:
    request = submitted(review_world)
    least = minimum_characters()
    needed = (least + 1) // 2
    too_few = DISTINCT[: needed - 1]
    short = (too_few * least)[:least]

    with pytest.raises(ValidationFailed) as refused:
        actions.issue_opinion(review_world.reviewer_user, request, opinion(request, legality=short))
    enough = (DISTINCT[:needed] * least)[:least]
    issued = actions.issue_opinion(
        review_world.reviewer_user, request, opinion(request, legality=enough)
    )

    assert f"至少应有{needed}个" in refused.value.message
    assert issued.legality == enough


def test_stock_phrases_do_not_count(review_world: ReviewWorld) -> None:
    request = submitted(review_world)
    least = minimum_characters()
    # One ideograph short once “同意” is removed, padded with Latin and digits.
    text = "同意" + DISTINCT[: least - 1] + " 49 Article 49"

    with pytest.raises(ValidationFailed) as refused:
        actions.issue_opinion(review_world.reviewer_user, request, opinion(request, legality=text))

    assert f"（{least - 1}个有效字）" in refused.value.message


def test_long_checklist_note_is_refused(review_world: ReviewWorld) -> None:
    request = submitted(review_world)
    item = checklist_for(request.decision_kind)[0]
    data = opinion(request)
    data.checklist[0].note = "说" * (CHECKLIST_NOTE_MAX + 1)

    with pytest.raises(ValidationFailed) as refused:
        actions.issue_opinion(review_world.reviewer_user, request, data)

    assert refused.value.field == "checklist"
    assert f"审核要点“{item.label}”的说明" in refused.value.message
    assert f"不能超过{CHECKLIST_NOTE_MAX}个字" in refused.value.message


def test_checklist_note_at_limit_is_kept(review_world: ReviewWorld, no_pdf: None) -> None:
    request = submitted(review_world)
    data = opinion(request)
    data.checklist[0].note = "说" * CHECKLIST_NOTE_MAX

    issued = actions.issue_opinion(review_world.reviewer_user, request, data)

    assert issued.checklist[0]["note"] == "说" * CHECKLIST_NOTE_MAX


def test_approval_with_failed_item_quotes_label(review_world: ReviewWorld) -> None:
    request = submitted(review_world)
    item = checklist_for(request.decision_kind)[0]
    data = opinion(request, failed={item.code: "执法人员未持证。"})

    with pytest.raises(ValidationFailed) as refused:
        actions.issue_opinion(review_world.reviewer_user, request, data)

    assert f"审核要点“{item.label}”不符合" in refused.value.message
