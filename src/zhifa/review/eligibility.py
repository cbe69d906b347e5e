"""The rule on who may sign the opinion on a review request.

The signer needs the review capability, a linked reviewer record (``Reviewer.user``) that has
not ended, membership of the body the request was routed to, no part in handling the case,
and the qualification 行政处罚法 Art. 58 para. 2 requires. Legal advisers and public lawyers
may be recorded as taking part, but only review staff sign.
"""

import datetime

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import Reviewer, ReviewerKind
from zhifa.agencies.rules import check_reviewer_qualification
from zhifa.review.models import ReviewRequest


def _linked_reviewer(user: User) -> Reviewer | None:
    return Reviewer.objects.filter(user=user).select_related("agency").first()


def _outside_body(user: User, reviewer: Reviewer, request: ReviewRequest) -> str | None:
    if request.judicial_office_id is not None:
        if user.judicial_office_id != request.judicial_office_id:
            return f"本次送审由{request.body_name}审核，您不属于该司法所。"
        return None
    department = request.review_department
    if department is None:  # the model's check constraint keeps one body set
        return "本次送审没有审核机构。"
    if user.department_id != department.pk or reviewer.agency_id != department.agency_id:
        return f"本次送审由{request.body_name}审核，您不是该机构的法制审核人员。"
    return None


def _handles_case(user: User, reviewer: Reviewer, request: ReviewRequest) -> bool:
    officer_ids = set(request.case.officers.values_list("pk", flat=True))
    linked = {user.officer_id, reviewer.officer_id} - {None}
    return bool(officer_ids & linked)


def refusal(user: User, request: ReviewRequest, day: datetime.date) -> str | None:
    """Return why ``user`` may not sign the opinion on ``request`` on ``day``, or None."""
    if not user.can(Capability.REVIEW_DECISIONS):
        return f"您的角色没有“{Capability.REVIEW_DECISIONS.label}”权限。"
    reviewer = _linked_reviewer(user)
    if reviewer is None:
        return "您的账号没有关联法制审核人员名册，请联系本单位在“法制审核人员”页面关联账号。"
    if reviewer.ended_on is not None and reviewer.ended_on < day:
        return f"您已于{reviewer.ended_on.isoformat()}结束法制审核工作，不能出具审核意见。"
    if reviewer.kind != ReviewerKind.STAFF:
        return (
            f"{reviewer.get_kind_display()}可以参与审核并记录在审核意见中，"
            "但审核意见应由法制审核工作人员出具。"
        )
    outside = _outside_body(user, reviewer, request)
    if outside:
        return outside
    if _handles_case(user, reviewer, request):
        return "您是本案的承办人员，审核与承办应当分离，不能审核本案。"
    qualification = check_reviewer_qualification(reviewer.started_on, reviewer.legal_qualification)
    if not qualification.allowed:
        return qualification.reason
    return None


def signing_reviewer(user: User) -> Reviewer:
    """Return the reviewer record of a user that ``refusal`` has let through."""
    reviewer = _linked_reviewer(user)
    if reviewer is None:
        raise LookupError(f"user {user.pk} has no reviewer record")
    return reviewer
