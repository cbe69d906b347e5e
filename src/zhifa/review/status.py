"""The state of a case's legal review, for the case page, the API and the decision gate."""

from dataclasses import dataclass

from zhifa.cases.models import Case
from zhifa.core.chinese_dates import chinese_date
from zhifa.review.assessment import assess_case
from zhifa.review.models import RequestState, ReviewRequest
from zhifa.review.results import Assessment
from zhifa.review.rounds import heavier_than_reviewed


@dataclass(frozen=True)
class ReviewStatus:
    """The assessment of the proposed decision and the latest review round of the case.

    ``blocker`` is the reason a decision may not be issued yet, or None. ``next_step`` is the
    text that shows the user what to do next.
    """

    assessment: Assessment
    latest: ReviewRequest | None
    approved: bool
    blocker: str | None
    next_step: str


def assess(case: Case, decision: str | None) -> Assessment:
    """Return the major-decision assessment of the case's proposed ``decision``."""
    return assess_case(case, decision)


def latest_round(case: Case) -> ReviewRequest | None:
    return (
        ReviewRequest.objects.filter(case=case)
        .select_related("review_department__agency", "judicial_office")
        .order_by("-round_number")
        .first()
    )


def _round_blocker(request: ReviewRequest) -> tuple[str, str]:
    """Return (blocker, next step) for a latest round that is not approved."""
    label = f"第{request.round_number}轮法制审核"
    state = request.state
    if state == RequestState.SUBMITTED:
        due = f"，审核期限{chinese_date(request.due_on)}" if request.due_on else ""
        return (
            f"本案正在{request.body_name}{label}中{due}，审核通过前不得作出决定。",
            f"等待{request.body_name}出具审核意见。",
        )
    if state in (RequestState.RETURNED, RequestState.DISAPPROVED):
        conclusion = "建议修改后提交" if state == RequestState.RETURNED else "不同意"
        return (
            f"{label}的审核结论为“{conclusion}”，未通过法制审核，不得作出决定。",
            "请承办部门按审核意见修改后重新送审；对审核意见有异议的，可以提出异议。",
        )
    if state == RequestState.OBJECTED:
        return (
            f"承办部门对{label}意见提出的异议尚待单位领导决定，不得作出决定。",
            "请单位领导决定采纳审核意见或者重新审核。",
        )
    if state == RequestState.WITHDRAWN:
        return (f"{label}送审已撤回，未经法制审核不得作出决定。", "请承办部门重新送审。")
    return (f"{label}尚未通过，不得作出决定。", "请承办部门重新送审。")


def review_status(case: Case, decision: str | None = None) -> ReviewStatus:
    """Return the review status of ``case`` for ``decision`` (a decision step code, or None)."""
    assessment = assess(case, decision)
    latest = latest_round(case)
    if not assessment.major:
        return ReviewStatus(assessment, latest, False, None, "拟作出的决定无需法制审核。")

    if latest is None:
        titles = "；".join(dict.fromkeys(match.title for match in assessment.matches))
        return ReviewStatus(
            assessment,
            None,
            False,
            f"拟作出的决定属于重大执法决定（{titles}），未经法制审核不得作出决定。",
            "请承办部门提交法制审核。",
        )
    if latest.state != RequestState.APPROVED:
        blocker, next_step = _round_blocker(latest)
        return ReviewStatus(assessment, latest, False, blocker, next_step)

    beyond = heavier_than_reviewed(latest.proposal, assessment.proposal.as_json())
    if beyond:
        return ReviewStatus(
            assessment,
            latest,
            False,
            f"拟作出的决定超出第{latest.round_number}轮法制审核通过的内容"
            f"（{'；'.join(beyond)}），须重新送审。",
            "请承办部门就变更后的决定重新送审。",
        )
    return ReviewStatus(
        assessment, latest, True, None, "法制审核已通过，可以报请行政机关负责人作出决定。"
    )
