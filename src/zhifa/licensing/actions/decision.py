"""The licensing decision, its service, the licence issued and the commitment follow-up."""

import datetime
import logging

from django.db import transaction

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.cases.actions._common import (
    CALENDAR,
    StepInput,
    append_step,
    require,
    required_date,
    required_text,
)
from zhifa.cases.compliance import CaseFacts, facts_for
from zhifa.cases.hooks import require_legal_review
from zhifa.cases.models import Case, CaseKind, CaseStatus, CaseStep, Party
from zhifa.cases.rules.common import show
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.core.rules import parameter
from zhifa.licensing import facts as licensing_facts
from zhifa.licensing import rules
from zhifa.licensing.actions._support import (
    check_not_before,
    check_step_time,
    lock_kind,
    unless_uncovered,
    with_code,
)
from zhifa.licensing.actions.application import license_item
from zhifa.licensing.models import Licence, LicenceType
from zhifa.remedies.models import Remedy, RemedyOutcome

logger = logging.getLogger(__name__)

LICENSING = CaseKind.LICENSING
DECISION_OUTCOMES = {"granted": "准予行政许可", "refused": "不予行政许可"}
SERVICE_METHODS = {
    "direct": "直接送达",
    "mail": "邮寄送达",
    "electronic": "电子送达",
    "on_site": "当场交付",
}
# The rule parameter that sets the follow-up period of a commitment-based licence, in days.
FOLLOW_UP_PARAMETER = "commitment_follow_up_days"


def _commitment_based(facts: CaseFacts) -> bool:
    application = facts.latest("license_application")
    return bool(application and application.details.get("commitment_based"))


def _pending_hearing(facts: CaseFacts, decided: datetime.date) -> str:
    """Return why a hearing still blocks the decision, or an empty string (Art. 47, 48).

    The decision waits for the hearing record, and after the hearing right was notified it
    waits until the 5 working days for a request have passed.
    """
    requested = facts.latest("license_hearing_request")
    announced = facts.latest("hearing_announcement")
    if (requested or announced) and facts.latest("license_hearing_record") is None:
        return "已申请或公告听证，尚未记录“听证笔录”；行政许可决定应当根据听证笔录作出。"
    told = licensing_facts.day(facts.latest("hearing_right_notice"), "told_on")
    if told is not None and requested is None:
        deadline = unless_uncovered(
            lambda: rules.hearing_request_deadline(told, CALENDAR), None, decided
        )
        if deadline is None:
            # The period ends in a year the calendar lacks, so it is still running.
            return (
                "申请听证的期限（告知后五个工作日）尚未届满，期限届满前不能作出许可决定，"
                "请在期限届满后作出决定，或先记录“听证申请”。"
            )
        if decided <= deadline:
            return (
                f"申请听证的期限至{show(deadline)}届满，期限届满前不能作出许可决定，"
                "请在期限届满后作出决定，或先记录“听证申请”。"
            )
    return ""


def _applicant(locked: Case, facts: CaseFacts) -> Party:
    """Return the applicant named by the application step, who becomes the licence holder.

    An application recorded before the applicant was named counts only when the case has
    exactly one party. Otherwise the application must be corrected to name the applicant.
    """
    application = facts.latest("license_application")
    applicant_id = application.details.get("applicant_id") if application else None
    parties = locked.parties.order_by("pk")
    if applicant_id is not None:
        applicant = parties.filter(pk=applicant_id).first()
        if applicant is None:
            raise InvalidTransition(
                "“申请材料接收”记录的申请人已不是本案当事人，请更正“申请材料接收”。",
                field="step",
            )
        return applicant
    if parties.count() != 1:
        raise InvalidTransition(
            "“申请材料接收”没有记录申请人，且本案当事人不止一个；"
            "请更正“申请材料接收”并选择申请人。",
            field="step",
        )
    return parties.get()


def _check_first_decision(facts: CaseFacts) -> None:
    """Reject a second decision before any deadline is counted, so its reason shows first."""
    if licensing_facts.decision(facts) is not None:
        raise InvalidTransition(
            "本案已记录“许可决定”，不能重复记录；如需更正原记录，请使用更正功能。",
            field="step",
        )


def decide_license(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    outcome: str,
    decided_on: datetime.date | None,
    content: str,
    legal_basis: str,
    reasons: str,
    remedy_channels: str,
) -> CaseStep:
    """Record the decision to grant the licence or not (准予 / 不予行政许可, Art. 38).

    A refusal states its reasons and the remedy channels. A decision after the period of
    Art. 42 is still recorded, and the compliance panel shows it late. A commitment-based
    grant schedules the follow-up inspection (告知承诺核查).
    """
    require(user, Capability.MANAGE_CASES)
    if outcome not in DECISION_OUTCOMES:
        raise ValidationFailed("请选择“许可决定”（准予或不予行政许可）。", field="outcome")
    decided = required_date(decided_on, "decided_on", "决定日期")
    details: dict[str, object] = {
        "outcome": outcome,
        "outcome_label": DECISION_OUTCOMES[outcome],
        "decided_on": decided,
        "legal_basis": required_text(legal_basis, "legal_basis", "法律依据", 1000),
    }
    if outcome == "granted":
        details["content"] = required_text(content, "content", "许可内容", 3000)
    else:
        details["reasons"] = required_text(reasons, "reasons", "不予许可的理由", 3000)
        details["remedy_channels"] = required_text(
            remedy_channels, "remedy_channels", "申请行政复议或者提起行政诉讼的权利", 1000
        )
    with transaction.atomic():
        locked = lock_kind(user, case, LICENSING)
        facts = facts_for(locked)
        accepted = licensing_facts.accepted_on(facts)
        if accepted is None:
            raise InvalidTransition("申请尚未受理，不能作出许可决定。", field="step")
        _check_first_decision(facts)
        check_not_before(decided, "决定日期", accepted, "受理日期", "decided_on")
        check_step_time(step, accepted, "受理日期")
        blocker = _pending_hearing(facts, decided)
        if blocker:
            raise InvalidTransition(blocker, field="step")
        require_legal_review(locked, "license_decision")
        deadline = unless_uncovered(
            lambda: licensing_facts.decision_deadline(facts, CALENDAR), None, decided
        )
        details["deadline"] = deadline
        details["late"] = deadline is not None and decided > deadline
        if outcome == "granted" and _commitment_based(facts):
            days = int(parameter(FOLLOW_UP_PARAMETER))
            # Kept so the due day can be counted once a missing calendar year is imported.
            details["follow_up_days"] = days
            details["follow_up_due"] = unless_uncovered(
                lambda: CALENDAR.add_calendar_days(decided, days), None, decided
            )
        row = append_step(
            user,
            locked,
            with_code(step, "license_decision", **details),
            audit_action="license_decided",
        )
    logger.info("licensing case %s decided: %s", locked.pk, outcome)
    return row


def serve_license_decision(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    served_on: datetime.date | None,
    method: str,
) -> CaseStep:
    """Record the service of the licensing decision on the applicant."""
    require(user, Capability.MANAGE_CASES)
    served = required_date(served_on, "served_on", "送达日期")
    if method not in SERVICE_METHODS:
        raise ValidationFailed("请选择“送达方式”。", field="method")
    with transaction.atomic():
        locked = lock_kind(user, case, LICENSING)
        decision = licensing_facts.decision(facts_for(locked))
        decided = licensing_facts.day(decision, "decided_on")
        if decided is None:
            raise InvalidTransition("尚未作出许可决定，请先记录“许可决定”。", field="step")
        check_not_before(served, "送达日期", decided, "许可决定日期", "served_on")
        check_step_time(step, decided, "许可决定日期")
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "license_decision_service",
                served_on=served,
                method=method,
                method_label=SERVICE_METHODS[method],
            ),
            audit_action="license_decision_served",
        )
    return row


def _check_grant_not_ended_by_remedy(case: Case) -> None:
    """Reject issuing a licence whose grant a remedy has revoked or confirmed void."""
    ending = (
        Remedy.objects.filter(
            case=case,
            decision_step__step="license_decision",
            outcome__in=[RemedyOutcome.REVOKED, RemedyOutcome.CONFIRMED_VOID],
        )
        .order_by("-concluded_on", "-pk")
        .first()
    )
    if ending is not None:
        raise InvalidTransition(
            f"准予行政许可决定已被{ending.get_kind_display()}（{ending.reference}）"
            f"{ending.get_outcome_display()}，不能颁发许可证件。",
            field="step",
        )


def issue_licence(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    licence_number: str,
    certificate_name: str,
    license_type: str,
    valid_from: datetime.date | None,
    valid_to: datetime.date | None,
    scope: str,
    issued_on: datetime.date | None,
) -> CaseStep:
    """Issue the licence of a grant decision and enter it in the register (Art. 39, 44).

    The licence is due within 10 working days of the decision; a later issue is recorded and
    shown late on the compliance panel.
    """
    require(user, Capability.MANAGE_CASES)
    number = required_text(licence_number, "licence_number", "许可编号", 80)
    name = required_text(certificate_name, "certificate_name", "许可证书名称", 100)
    if license_type not in LicenceType.values:
        raise ValidationFailed("请选择“许可类别”。", field="license_type")
    issued = required_date(issued_on, "issued_on", "发证日期")
    if valid_from is None or valid_to is None:
        raise ValidationFailed("请填写“有效期自”和“有效期至”。", field="valid_from")
    if valid_to < valid_from:
        raise ValidationFailed("“有效期至”早于“有效期自”，请检查日期。", field="valid_to")
    content = required_text(scope, "scope", "许可范围", 3000)
    with transaction.atomic():
        locked = lock_kind(user, case, LICENSING)
        facts = facts_for(locked)
        if not licensing_facts.is_granted(facts):
            raise InvalidTransition("本案未作出准予行政许可决定，不能颁发许可证件。", field="step")
        if Licence.objects.filter(case=locked).exists():
            raise InvalidTransition("本案已颁发许可证件。", field="step")
        _check_grant_not_ended_by_remedy(locked)
        if Licence.objects.filter(agency_id=locked.agency_id, number=number).exists():
            raise ValidationFailed(f"许可编号{number}已被使用，请核对。", field="licence_number")
        decision = licensing_facts.decision(facts)
        decided = licensing_facts.day(decision, "decided_on")
        if decision is None or decided is None:
            raise InvalidTransition("尚未作出许可决定，请先记录“许可决定”。", field="step")
        check_not_before(issued, "发证日期", decided, "许可决定日期", "issued_on")
        check_not_before(valid_from, "有效期自", decided, "许可决定日期", "valid_from")
        check_step_time(step, decided, "许可决定日期")
        deadline = unless_uncovered(lambda: rules.issue_deadline(decided, CALENDAR), None, issued)
        holder = _applicant(locked, facts)
        power_item, _ = license_item(locked, decided)
        licence = Licence.objects.create(
            agency_id=locked.agency_id,
            case=locked,
            holder=holder,
            power_item=power_item,
            number=number,
            certificate_name=name,
            license_type=license_type,
            content=content,
            decided_on=decided,
            valid_from=valid_from,
            valid_to=valid_to,
            issued_on=issued,
            commitment_based=_commitment_based(facts),
            follow_up_due=licensing_facts.follow_up_due(decision, CALENDAR),
        )
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "license_issued",
                licence_id=licence.pk,
                licence_number=number,
                certificate_name=name,
                valid_from=valid_from,
                valid_to=valid_to,
                scope=content,
                issued_on=issued,
                deadline=deadline,
                late=deadline is not None and issued > deadline,
            ),
            audit_action="licence_issued",
        )
    logger.info("licence %s issued in case %s", licence.pk, locked.pk)
    return row


def _check_follow_up_case(inspection: Case, licence: Licence) -> None:
    """Reject an inspection that cannot be the follow-up check of ``licence``."""
    number = inspection.number
    if not inspection.parties.filter(pk=licence.holder_id).exists():
        raise ValidationFailed(
            f"行政检查案件{number}的当事人不包括被许可人“{licence.holder.name}”，"
            "不能作为本许可的告知承诺核查。",
            field="inspection_case_number",
        )
    check_not_before(
        inspection.opened_on,
        f"行政检查案件{number}的立案日期",
        licence.decided_on,
        "许可决定日期",
        "inspection_case_number",
    )
    has_result = inspection.steps.filter(step="inspection_result").exists()
    if inspection.status != CaseStatus.CLOSED and not has_result:
        raise ValidationFailed(
            f"行政检查案件{number}尚未记录“检查结果”，也未结案；"
            "请在检查案件中记录检查结果后再记录核查完成。",
            field="inspection_case_number",
        )


def link_follow_up(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    inspection_case_number: str,
    done_on: datetime.date | None,
) -> CaseStep:
    """Link the inspection that checked a commitment-based licence (告知承诺核查).

    The inspection counts only when it is a case of kind ``inspection`` of the same agency,
    opened on or after the licensing decision, with the licence holder among its parties,
    and closed or with its 检查结果 recorded. The licence stores the link and the day the
    check was done.
    """
    require(user, Capability.MANAGE_CASES)
    done = required_date(done_on, "done_on", "核查完成日期")
    with transaction.atomic():
        locked = lock_kind(user, case, LICENSING)
        licence = Licence.objects.select_for_update().filter(case=locked).first()
        if licence is None or not licence.commitment_based:
            raise InvalidTransition("本案没有以告知承诺方式颁发的许可证件。", field="step")
        number = (inspection_case_number or "").strip()
        inspection = (
            restrict(Case.objects.filter(number=number), user)
            .filter(kind=CaseKind.INSPECTION, agency_id=locked.agency_id)
            .first()
        )
        if inspection is None:
            raise ValidationFailed(
                f"本单位没有案号为“{number}”的行政检查案件，请填写核查所立的行政检查案号。",
                field="inspection_case_number",
            )
        _check_follow_up_case(inspection, licence)
        check_not_before(done, "核查完成日期", licence.decided_on, "许可决定日期", "done_on")
        check_step_time(step, licence.decided_on, "许可决定日期")
        licence.follow_up_case = inspection
        licence.follow_up_done_on = done
        licence.save(update_fields=["follow_up_case", "follow_up_done_on"])
        late = licence.follow_up_due is not None and done > licence.follow_up_due
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "commitment_follow_up",
                inspection_case_id=inspection.pk,
                inspection_case_number=inspection.number,
                done_on=done,
                due_on=licence.follow_up_due,
                late=late,
            ),
            audit_action="licence_follow_up_linked",
        )
        audit.record(
            "licence_follow_up_linked",
            actor=user,
            target=licence,
            agency_id=locked.agency_id,
            detail={"inspection_case": inspection.number, "done_on": done.isoformat()},
        )
    if late:
        logger.warning(
            "licence %s follow-up done %s after due %s", licence.pk, done, licence.follow_up_due
        )
    return row
