"""Hearings on a licence application (行政许可法 Art. 46-48).

A hearing is held either because a law requires it or the agency finds a major public
interest (Art. 46, announced publicly), or because the licence affects major interests of
others and the applicant or an interested party requests it (Art. 47). The presiding officer
never reviewed the application (Art. 48).
"""

import datetime
import logging

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import Officer
from zhifa.cases.actions._common import (
    CALENDAR,
    StepInput,
    append_step,
    raise_if_refused,
    require,
    required_date,
    required_text,
)
from zhifa.cases.compliance import facts_for
from zhifa.cases.models import Case, CaseKind, CaseStep
from zhifa.cases.rules.common import ALLOWED
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.licensing import facts as licensing_facts
from zhifa.licensing import rules
from zhifa.licensing.actions._support import (
    check_not_before,
    check_step_time,
    lock_kind,
    unless_uncovered,
    with_code,
)

logger = logging.getLogger(__name__)

LICENSING = CaseKind.LICENSING
HEARING_GROUNDS = {
    "law_requires": "法律、法规、规章规定应当听证",
    "public_interest": "涉及公共利益的重大行政许可事项",
}
# Steps whose officers reviewed the application, so none of them may preside at a hearing.
REVIEW_STEPS = ("license_review", "site_verification")


def _accepted(locked: Case) -> datetime.date:
    accepted = licensing_facts.accepted_on(facts_for(locked))
    if accepted is None:
        raise InvalidTransition("申请尚未受理，请先记录“受理决定”。", field="step")
    return accepted


def announce_hearing(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    hearing_ground: str,
    legal_basis: str,
    announced_on: datetime.date | None,
) -> CaseStep:
    """Record the public announcement of a hearing the agency calls of its own motion."""
    require(user, Capability.MANAGE_CASES)
    if hearing_ground not in HEARING_GROUNDS:
        raise ValidationFailed("请选择“听证事由”。", field="hearing_ground")
    basis = required_text(legal_basis, "legal_basis", "听证依据", 1000)
    announced = required_date(announced_on, "announced_on", "公告日期")
    with transaction.atomic():
        locked = lock_kind(user, case, LICENSING)
        accepted = _accepted(locked)
        check_not_before(announced, "公告日期", accepted, "受理日期", "announced_on")
        check_step_time(step, accepted, "受理日期")
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "hearing_announcement",
                hearing_ground=hearing_ground,
                hearing_ground_label=HEARING_GROUNDS[hearing_ground],
                legal_basis=basis,
                announced_on=announced,
            ),
            audit_action="license_hearing_announced",
        )
    return row


def notify_hearing_right(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    told_on: datetime.date | None,
    notified_persons: str,
) -> CaseStep:
    """Record telling the applicant and interested parties of their right to a hearing."""
    require(user, Capability.MANAGE_CASES)
    told = required_date(told_on, "told_on", "告知日期")
    persons = [line.strip() for line in (notified_persons or "").splitlines() if line.strip()]
    if not persons:
        raise ValidationFailed(
            "请逐行填写被告知听证权利的申请人和利害关系人。", field="notified_persons"
        )
    with transaction.atomic():
        locked = lock_kind(user, case, LICENSING)
        accepted = _accepted(locked)
        check_not_before(told, "告知日期", accepted, "受理日期", "told_on")
        check_step_time(step, accepted, "受理日期")
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "hearing_right_notice",
                told_on=told,
                notified_persons=persons,
                request_deadline=unless_uncovered(
                    lambda: rules.hearing_request_deadline(told, CALENDAR), None
                ),
            ),
            audit_action="license_hearing_right_told",
        )
    return row


def request_license_hearing(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    requested_on: datetime.date | None,
    requester: str,
) -> CaseStep:
    """Record a hearing request, refused after the 5 working days of Art. 47."""
    require(user, Capability.MANAGE_CASES)
    requested = required_date(requested_on, "requested_on", "申请日期")
    name = required_text(requester, "requester", "申请人", 200)
    with transaction.atomic():
        locked = lock_kind(user, case, LICENSING)
        notice = facts_for(locked).latest("hearing_right_notice")
        told = licensing_facts.day(notice, "told_on")
        if told is None:
            raise InvalidTransition("尚未告知听证权利，请先记录“告知听证权利”。", field="step")
        # A request period ending in a year the calendar lacks is still running.
        outcome = unless_uncovered(
            lambda: rules.check_hearing_request(told, requested, CALENDAR), ALLOWED, requested
        )
        raise_if_refused(outcome, "requested_on")
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "license_hearing_request",
                requested_on=requested,
                requester=name,
                hearing_deadline=unless_uncovered(
                    lambda: rules.hearing_held_deadline(requested, CALENDAR), None
                ),
            ),
            audit_action="license_hearing_requested",
        )
    return row


def reviewer_names(case: Case) -> dict[int, str]:
    """Return the officers who took part in the review steps, by id."""
    officers = Officer.objects.filter(
        case_steps__case=case, case_steps__step__in=REVIEW_STEPS
    ).distinct()
    return {officer.pk: officer.full_name for officer in officers}


def _presiding(locked: Case, name: str) -> Officer:
    """Return the presiding officer of the case's agency by name, refusing a reviewer."""
    full_name = required_text(name, "presiding_officer", "听证主持人", 60)
    officers = list(
        Officer.objects.filter(agency_id=locked.agency_id, is_active=True, full_name=full_name)
    )
    if not officers:
        raise ValidationFailed(
            f"本单位没有名为“{full_name}”的在岗人员，请填写听证主持人的姓名。",
            field="presiding_officer",
        )
    if len(officers) > 1:
        raise ValidationFailed(
            f"本单位有{len(officers)}名在岗人员名为“{full_name}”，请在人员管理中区分后再记录。",
            field="presiding_officer",
        )
    officer = officers[0]
    outcome = rules.check_presiding_officer(officer.full_name, reviewer_names(locked), officer.pk)
    raise_if_refused(outcome, "presiding_officer")
    return officer


def _requested_on(locked: Case) -> datetime.date | None:
    return licensing_facts.day(licensing_facts.hearing_request(facts_for(locked)), "requested_on")


def schedule_license_hearing(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    notified_on: datetime.date | None,
    hearing_on: datetime.date | None,
    hearing_place: str,
    presiding_officer: str,
) -> CaseStep:
    """Record the hearing notice: 7 working days ahead, within 20 of a request (Art. 47-48)."""
    require(user, Capability.MANAGE_CASES)
    notified = required_date(notified_on, "notified_on", "通知日期")
    if hearing_on is None:
        raise ValidationFailed("请填写“听证日期”。", field="hearing_on")
    place = required_text(hearing_place, "hearing_place", "听证地点", 200)
    with transaction.atomic():
        locked = lock_kind(user, case, LICENSING)
        facts = facts_for(locked)
        requested = _requested_on(locked)
        if requested is None and facts.latest("hearing_announcement") is None:
            raise InvalidTransition(
                "没有听证申请或听证公告，请先记录“听证申请”或“听证公告”。", field="step"
            )
        outcome = rules.check_hearing_dates(notified, hearing_on, requested, CALENDAR)
        raise_if_refused(outcome, "hearing_on")
        officer = _presiding(locked, presiding_officer)
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "license_hearing_notice",
                notified_on=notified,
                hearing_on=hearing_on,
                hearing_place=place,
                presiding_officer_id=officer.pk,
                presiding_officer=officer.full_name,
            ),
            audit_action="license_hearing_scheduled",
        )
    return row


def record_license_hearing(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    held_on: datetime.date | None,
    presiding_officer: str,
) -> CaseStep:
    """Record the hearing held, with its presiding officer; the summary is the record (笔录)."""
    require(user, Capability.MANAGE_CASES)
    held = required_date(held_on, "held_on", "听证日期")
    with transaction.atomic():
        locked = lock_kind(user, case, LICENSING)
        notice = facts_for(locked).latest("license_hearing_notice")
        if notice is None:
            raise InvalidTransition("尚未通知听证，请先记录“听证通知”。", field="step")
        notified = licensing_facts.day(notice, "notified_on")
        if notified is None:
            raise InvalidTransition("听证通知缺少通知日期，请更正“听证通知”。", field="step")
        raise_if_refused(
            rules.check_hearing_dates(notified, held, _requested_on(locked), CALENDAR), "held_on"
        )
        officer = _presiding(locked, presiding_officer)
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "license_hearing_record",
                held_on=held,
                presiding_officer_id=officer.pk,
                presiding_officer=officer.full_name,
            ),
            audit_action="license_hearing_recorded",
        )
    return row
