"""API of the major-decision check, mounted at ``/api/review``.

``POST /check`` checks a decision described in JSON (the shape of
``zhifa.review.proposals.from_json``), so other systems can test a decision before the case
exists. ``GET /cases/{case_id}/check`` checks the decision about to be made on a case. Both
need a login and read only the caller's scope: an agency or case outside it is not found.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Body, Router

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.cases.models import Case
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.core.identifiers import MAX_ROW_ID
from zhifa.review.assessment import assess, assess_case, resolve_agency
from zhifa.review.proposals import from_json

router = Router()

# The body is any JSON object; ``from_json`` validates it and names each wrong field.
PROPOSAL_BODY = Body(...)


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not user.can(Capability.VIEW_BACKOFFICE):
        raise NotPermitted(f"您的角色没有“{Capability.VIEW_BACKOFFICE.label}”权限。")
    return user


def _own_agency(user: User, agencies: QuerySet[Agency]) -> int | None:
    """Return the user's agency when it is in the user's scope, else ask for "agency".

    A judicial office reviewer, for example, belongs to the judicial bureau but may view only the
    towns and streets the office covers.
    """
    if user.agency_id is None or agencies.filter(pk=user.agency_id).exists():
        return user.agency_id
    raise ValidationFailed(
        "您所在单位不在您的查看范围内，请在“执法主体”（agency）中填写要判定的执法主体的编号、"
        "全称或简称。",
        field="agency",
    )


@router.post("/check", summary="判定拟作出的决定是否属于重大执法决定")
def check_proposal(request: HttpRequest, payload: dict[str, Any] = PROPOSAL_BODY) -> dict[str, Any]:
    """Check a proposal; without "agency" the caller's own agency is used when in scope."""
    user = _user(request)
    agencies = restrict(Agency.objects.all(), user)
    value = payload.get("agency") if "agency" in payload else _own_agency(user, agencies)
    agency = resolve_agency(value, agencies)
    proposal = from_json(payload, agency_id=agency.pk if agency else None)
    return assess(proposal).as_json()


@router.get("/cases/{case_id}/check", summary="判定案件拟作出的决定是否属于重大执法决定")
def check_case(request: HttpRequest, case_id: int, decision: str = "") -> dict[str, Any]:
    """Check the case's decision; ``decision`` is the step code, e.g. ``penalty_decision``."""
    user = _user(request)
    case = None
    if 0 < case_id <= MAX_ROW_ID:
        case = restrict(Case.objects.all(), user).filter(pk=case_id).first()
    if case is None:
        raise NotFound("案件不存在或不在您的查看范围内。", field="case_id")
    return assess_case(case, decision or None).as_json()
