"""Shared helpers of the review tests: a major penalty case, reviewers, and one approved review.

Everything goes through the real actions, except linking a reviewer record to a login
account (``Reviewer.user``), which has no action yet and is set on the row.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies import actions as agency_actions
from zhifa.agencies.models import Agency, Department, JudicialOffice, Reviewer
from zhifa.cases import actions as case_actions
from zhifa.cases.documents import rendering
from zhifa.cases.models import Case
from zhifa.cases.tests.steps_support import (
    World,
    advance_to_decision,
    at,
    build_world,
    cover_next_year,
    notice_input,
    office,
    open_ordinary,
)
from zhifa.review import actions, gate
from zhifa.review.lists import checklist_for, materials_for
from zhifa.review.models import MajorFlag, ReviewOpinion, ReviewRequest
from zhifa.review.routing import TOWN_KINDS
from zhifa.review.status import assess

# Started before 2021-07-15, so no 法律职业资格 is needed (行政处罚法 Art. 58 para. 2).
EARLY_START = datetime.date(2020, 3, 2)
LEGALITY = (
    "本案事实清楚，证据确实充分，适用《上海市市容环境卫生管理条例》第四十九条正确，程序合法。"
)
REASONABLENESS = "罚款数额在裁量基准规定的幅度内，与违法情节和危害后果相当，处罚适当。"


@dataclass
class ReviewWorld:
    """A major penalty case at the decision stage, its agency's people and its reviewer."""

    world: World
    case: Case
    reviewer_user: User
    reviewer: Reviewer
    system_admin: User

    @property
    def officer_user(self) -> User:
        return self.world.officer_user

    @property
    def head(self) -> User:
        return self.world.head


def link_reviewer(head: User, agency: Agency, user: User, name: str, **overrides: Any) -> Reviewer:
    """Assign a reviewer through the agencies action and link the login account to it."""
    data = agency_actions.ReviewerInput(started_on=EARLY_START, full_name=name)
    for key, value in overrides.items():
        setattr(data, key, value)
    reviewer = agency_actions.assign_reviewer(head, agency, data)
    Reviewer.objects.filter(pk=reviewer.pk).update(user=user)
    reviewer.refresh_from_db()
    return reviewer


def major_case(world: World, flag: str = MajorFlag.COMPLEX) -> Case:
    """Open a case, take it to the decision stage (prior notice of a 2000-yuan fine), flag it."""
    cover_next_year()  # the decision's later deadlines, such as six months to sue, reach 2027
    case = open_ordinary(world)
    advance_to_decision(world, case)
    case_actions.give_prior_notice(
        world.officer_user,
        case,
        office("prior_notice", at(10, 28)),
        notice_input(datetime.date(2026, 10, 28)),
    )
    actions.set_flag(world.officer_user, case, flag, "案件涉及多个法律关系，情况疑难复杂")
    case.refresh_from_db()
    return case


def submission(
    case: Case, summary: str = "拟对当事人罚款2000元，请予审核。", **overrides: Any
) -> actions.SubmissionInput:
    """Return a submission with every listed material provided."""
    kind = assess(case, overrides.get("decision")).proposal.kind
    materials = [
        actions.MaterialInput(code=row.code, provided=True)
        for row in materials_for(kind, case.agency_id)
    ]
    data = actions.SubmissionInput(summary=summary, materials=materials)
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def opinion(
    request: ReviewRequest,
    conclusion: str = "approved",
    failed: dict[str, str] | None = None,
    **overrides: Any,
) -> actions.OpinionInput:
    """Return an opinion with every checklist item passed, except ``failed`` (code: note)."""
    failed = failed or {}
    checklist = [
        actions.ChecklistResult(
            code=item.code,
            result="fail" if item.code in failed else "pass",
            note=failed.get(item.code, ""),
        )
        for item in checklist_for(request.decision_kind)
    ]
    data = actions.OpinionInput(
        conclusion=conclusion,
        legality=LEGALITY,
        reasonableness=REASONABLENESS,
        checklist=checklist,
        corrections=""
        if conclusion == "approved"
        else "请补充当事人的陈述申辩复核材料后重新送审。",
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def approve_review(
    case: Case, submitter: User, reviewer_user: User, **submission_overrides: Any
) -> ReviewOpinion:
    """Submit the case for review and approve the round through the real actions."""
    request = actions.submit(submitter, case, submission(case, **submission_overrides))
    return actions.issue_opinion(reviewer_user, request, opinion(request))


@pytest.fixture
def no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Store opinions as Word only; each LibreOffice conversion takes seconds."""
    monkeypatch.setattr(rendering, "soffice_command", lambda: None)


@pytest.fixture
def review_world(
    agency_b: Agency,
    other_agency_user: User,
    system_admin_user: User,
    make_user: Callable[..., User],
) -> ReviewWorld:
    """The district market bureau: review body 法制科, one reviewer, a major case."""
    legal = Department.objects.get(agency=agency_b, is_legal_department=True)
    agency_actions.set_review_body(system_admin_user, agency_b, legal.pk)
    agency_b.refresh_from_db()
    officer_b = make_user("officer_b", Role.OFFICER, agency=agency_b)
    world = build_world(agency_b, other_agency_user, officer_b, prefix="B")
    reviewer_user = make_user("fazhi_b", Role.REVIEWER, agency=agency_b, department=legal)
    reviewer = link_reviewer(other_agency_user, agency_b, reviewer_user, "李审核")
    return ReviewWorld(world, major_case(world), reviewer_user, reviewer, system_admin_user)


@pytest.fixture
def town_review_world(
    agency_a: Agency,
    agency_head_user: User,
    officer_user: User,
    judicial_office: JudicialOffice,
    judicial_office_user: User,
    system_admin_user: User,
) -> ReviewWorld:
    """The town of 朱家角: reviewed by its judicial office, one office reviewer, a major case."""
    world = build_world(agency_a, agency_head_user, officer_user, prefix="A")
    reviewer = link_reviewer(agency_head_user, agency_a, judicial_office_user, "王司法")
    return ReviewWorld(world, major_case(world), judicial_office_user, reviewer, system_admin_user)


# --- Passing a review in other apps' tests ---------------------------------------------------


def _review_body(case: Case) -> None:
    """Give the case's agency a review body (a legal department) or a judicial office if none."""
    agency = case.agency
    if agency.kind in TOWN_KINDS:
        if not JudicialOffice.objects.filter(covers=agency).exists():
            office = JudicialOffice.objects.create(name=f"{agency.short_name}司法所（测试）")
            office.covers.add(agency)
        return
    if agency.review_body_id is not None and agency.review_body_id != case.department_id:
        return
    legal, _ = Department.objects.get_or_create(
        agency=agency, name="法制审核（测试）", defaults={"is_legal_department": True}
    )
    Agency.objects.filter(pk=agency.pk).update(review_body=legal)
    case.agency.refresh_from_db()


def _signer(request: ReviewRequest) -> User:
    """Return a qualified reviewer account of the body ``request`` went to, creating one."""
    office, department = request.judicial_office, request.review_department
    username = f"signer-o{office.pk}" if office else f"signer-d{department.pk if department else 0}"
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    role = Role.JUDICIAL_OFFICE_REVIEWER if office else Role.REVIEWER
    agency = request.case.agency
    user = User.objects.create_user(
        username=username,
        password="unused-Password-1",
        full_name="测试审核人员",
        agency=agency,
        department=department,
        judicial_office=office,
    )
    user.groups.add(*Group.objects.filter(name=role))
    Reviewer.objects.create(
        agency=agency, full_name="测试审核人员", started_on=EARLY_START, user=user
    )
    return user


def pass_review(case: Case, decision: str, submitter: User) -> ReviewOpinion | None:
    """Pass the legal review ``decision`` needs on ``case`` through the real actions.

    For tests of other apps whose decisions are major: returns None when no review is needed,
    else submits every listed material and approves the round as a reviewer of the body.
    """
    if gate.decision_blocker(case, decision) is None:
        return None
    _review_body(case)
    request = actions.submit(submitter, case, submission(case, decision=decision))
    # The opinion is kept as Word only, as the no_pdf fixture does: each LibreOffice conversion
    # takes seconds, and test_opinion_document converts a real one.
    converter = rendering.soffice_command
    rendering.soffice_command = lambda: None
    try:
        return actions.issue_opinion(_signer(request), request, opinion(request))
    finally:
        rendering.soffice_command = converter
