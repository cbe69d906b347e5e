"""The preconditions, decision and announcement of a housing expropriation (Art. 8-13).

Each precondition is a step with its own data. ``decide_expropriation`` reads them all and
refuses the decision with the list of every precondition still missing.
"""

import datetime
import logging
from decimal import Decimal
from typing import Any

from zhifa.accounts.models import User
from zhifa.cases.actions._common import StepInput, required_date, required_text
from zhifa.cases.hooks import require_legal_review
from zhifa.cases.models import Case, CaseKind, CaseStep
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.core.rules import parameter
from zhifa.levies import rules
from zhifa.levies.actions._shared import amount_of, day_of, details_of, positive, record
from zhifa.levies.models import ExpropriationProject, PublicInterestGround

logger = logging.getLogger(__name__)

KIND = CaseKind.HOUSING_EXPROPRIATION
# The number of households from which the executive meeting must discuss the decision.
MEETING_THRESHOLD_KEY = "expropriation_executive_meeting_households"


def project_of(case: Case) -> ExpropriationProject:
    project = ExpropriationProject.objects.filter(case=case).first()
    if project is None:
        raise ValidationFailed("本案没有登记房屋征收项目，请先登记项目。", field="step")
    return project


def record_ground(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    ground: str,
    plan_conformity: str,
    in_annual_plan: bool,
) -> CaseStep:
    """Record the public-interest ground (Art. 8) and the conformity with the plans (Art. 9)."""
    if ground not in PublicInterestGround.values:
        raise ValidationFailed(
            "请选择《国有土地上房屋征收与补偿条例》第八条规定的公共利益事由。", field="ground"
        )
    conformity = required_text(plan_conformity, "plan_conformity", "规划符合情况", 2000)
    if ground in rules.ANNUAL_PLAN_GROUNDS and not in_annual_plan:
        raise ValidationFailed(
            "保障性安居工程建设和旧城区改建应当纳入市、县级国民经济和社会发展年度计划（第九条第二款），"
            "请确认已纳入年度计划。",
            field="in_annual_plan",
        )
    details = {
        "ground": ground,
        "ground_label": PublicInterestGround(ground).label,
        "plan_conformity": conformity,
        "in_annual_plan": bool(in_annual_plan),
    }
    return record(
        user, case, step, code="expropriation_ground", kind=KIND, prepare=lambda _: details
    )


def record_consultation(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    published_on: datetime.date,
    closes_on: datetime.date,
    plan_summary: str,
) -> CaseStep:
    """Record the compensation plan published for comments, at least 30 days (Art. 10)."""
    published = required_date(published_on, "published_on", "公布日期")
    if closes_on is None:
        raise ValidationFailed("请填写“征求意见截止日期”。", field="closes_on")
    outcome = rules.check_comment_period(published, closes_on)
    if not outcome.allowed:
        raise ValidationFailed(outcome.reason, field="closes_on")
    details = {
        "published_on": published.isoformat(),
        "closes_on": closes_on.isoformat(),
        "comment_days": (closes_on - published).days,
        "plan_summary": required_text(plan_summary, "plan_summary", "补偿方案要点", 4000),
    }
    return record(
        user,
        case,
        step,
        code="compensation_plan_consultation",
        kind=KIND,
        prepare=lambda _: details,
    )


def record_consultation_results(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    published_on: datetime.date,
    comment_count: int,
    objecting_owners: int,
    changes: str,
) -> CaseStep:
    """Record the comments received and the changes made, published after the period (Art. 11)."""
    published = required_date(published_on, "published_on", "公布日期")
    if comment_count is None or comment_count < 0:
        raise ValidationFailed("请填写“收到意见数”。", field="comment_count")
    if objecting_owners is None or objecting_owners < 0:
        raise ValidationFailed("请填写“认为方案不符合条例的被征收人数”。", field="objecting_owners")

    def prepare(locked: Case) -> dict[str, Any]:
        consultation = details_of(locked, "compensation_plan_consultation")
        closes_on = day_of(consultation, "closes_on")
        if closes_on is None:
            raise ValidationFailed("请先记录“补偿方案公布征求意见”。", field="step")
        if published <= closes_on:
            raise ValidationFailed(
                f"征求意见期限至{closes_on.isoformat()}，意见情况应在期限届满后公布。",
                field="published_on",
            )
        owners = project_of(locked).households.count()
        if objecting_owners > owners:
            raise ValidationFailed(
                f"认为方案不符合条例的被征收人数{objecting_owners}超过登记的被征收户数{owners}。",
                field="objecting_owners",
            )
        return {
            "published_on": published.isoformat(),
            "comment_count": comment_count,
            "objecting_owners": objecting_owners,
            "owner_count": owners,
            "changes": required_text(changes, "changes", "修改情况", 4000),
        }

    return record(
        user, case, step, code="consultation_results_published", kind=KIND, prepare=prepare
    )


def record_hearing(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    held_on: datetime.date,
    attendees: str,
    outcome: str,
) -> CaseStep:
    """Record the hearing with owners and public representatives (Art. 11 para. 2)."""
    details = {
        "held_on": required_date(held_on, "held_on", "听证会日期").isoformat(),
        "attendees": required_text(attendees, "attendees", "参加人员", 2000),
        "outcome": required_text(outcome, "outcome", "听证结果及方案修改情况", 4000),
    }
    return record(
        user, case, step, code="expropriation_hearing", kind=KIND, prepare=lambda _: details
    )


def record_stability_assessment(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    completed_on: datetime.date,
    risk_level: str,
    conclusion: str,
) -> CaseStep:
    """Record the social-stability risk assessment done before the decision (Art. 12)."""
    if risk_level not in RISK_LEVELS:
        raise ValidationFailed("请选择“风险等级”。", field="risk_level")
    details = {
        "completed_on": required_date(completed_on, "completed_on", "评估完成日期").isoformat(),
        "risk_level": risk_level,
        "risk_level_label": RISK_LEVELS[risk_level],
        "conclusion": required_text(conclusion, "conclusion", "评估结论", 4000),
    }
    return record(
        user, case, step, code="stability_assessment", kind=KIND, prepare=lambda _: details
    )


RISK_LEVELS = {"low": "低风险", "medium": "中风险", "high": "高风险"}


def record_executive_meeting(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    meeting_on: datetime.date,
    session: str,
    conclusion: str,
) -> CaseStep:
    """Record the discussion at the district government's executive meeting (Art. 12)."""
    details = {
        "meeting_on": required_date(meeting_on, "meeting_on", "会议日期").isoformat(),
        "session": required_text(session, "session", "会议届次", 100),
        "conclusion": required_text(conclusion, "conclusion", "会议决定", 2000),
    }
    return record(user, case, step, code="executive_meeting", kind=KIND, prepare=lambda _: details)


def record_funds(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    amount: Decimal,
    account: str,
    confirmed_on: datetime.date,
) -> CaseStep:
    """Record the compensation funds in the dedicated account; short funds are refused (Art. 12)."""
    deposited = positive(amount, "amount", "专户存储金额")
    account_text = required_text(account, "account", "专用账户", 200)
    confirmed = required_date(confirmed_on, "confirmed_on", "到位确认日期")

    def prepare(locked: Case) -> dict[str, Any]:
        outcome = rules.check_funds(deposited, project_of(locked).budgeted_compensation)
        if not outcome.allowed:
            raise ValidationFailed(outcome.reason, field="amount")
        return {
            "amount": str(deposited),
            "account": account_text,
            "confirmed_on": confirmed.isoformat(),
        }

    return record(user, case, step, code="funds_deposited", kind=KIND, prepare=prepare)


def precondition_facts(case: Case) -> rules.PreconditionFacts:
    """Read the recorded preconditions of the case into the facts the rule checks."""
    project = project_of(case)
    ground = details_of(case, "expropriation_ground")
    consultation = details_of(case, "compensation_plan_consultation")
    results = details_of(case, "consultation_results_published")
    funds = details_of(case, "funds_deposited")
    households = project.households.count()
    return rules.PreconditionFacts(
        ground=ground["ground"] if ground else None,
        in_annual_plan=bool(ground and ground.get("in_annual_plan")),
        comment_published_on=day_of(consultation, "published_on"),
        comment_closes_on=day_of(consultation, "closes_on"),
        results_published=results is not None,
        objecting_owners=int(results["objecting_owners"]) if results else 0,
        owner_count=int(results["owner_count"]) if results else households,
        hearing_held=details_of(case, "expropriation_hearing") is not None,
        stability_assessed=details_of(case, "stability_assessment") is not None,
        meeting_held=details_of(case, "executive_meeting") is not None,
        household_count=households,
        meeting_threshold=parameter(MEETING_THRESHOLD_KEY),
        funds_deposited=amount_of(funds, "amount"),
        budgeted=project.budgeted_compensation,
    )


def decide_expropriation(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    decided_on: datetime.date,
    decision_number: str,
    scope: str,
    signing_deadline: datetime.date,
) -> CaseStep:
    """Make the expropriation decision once every precondition of Art. 8-12 is recorded.

    Refused with ``InvalidTransition`` listing every missing precondition.
    """
    decided = required_date(decided_on, "decided_on", "决定日期")
    number = required_text(decision_number, "decision_number", "决定文号", 100)
    scope_text = required_text(scope, "scope", "征收范围", 1000)
    if signing_deadline is None or signing_deadline <= decided:
        raise ValidationFailed("请填写晚于决定日期的“签约期限”。", field="signing_deadline")

    def prepare(locked: Case) -> dict[str, Any]:
        missing = rules.missing_preconditions(precondition_facts(locked))
        if missing:
            listed = "；".join(f"{index}. {item}" for index, item in enumerate(missing, start=1))
            raise InvalidTransition(
                f"作出房屋征收决定前尚缺{len(missing)}项前置条件：{listed}。", field="step"
            )
        consultation = details_of(locked, "compensation_plan_consultation")
        closes_on = day_of(consultation, "closes_on")
        if closes_on is not None and decided <= closes_on:
            raise ValidationFailed("征求意见期限届满后方可作出房屋征收决定。", field="decided_on")
        require_legal_review(locked, "expropriation_decision")
        return {
            "decided_on": decided.isoformat(),
            "decision_number": number,
            "scope": scope_text,
            "signing_deadline": signing_deadline.isoformat(),
            "household_count": project_of(locked).households.count(),
        }

    row = record(user, case, step, code="expropriation_decision", kind=KIND, prepare=prepare)
    logger.info("expropriation decision recorded on case %s", row.case_id)
    return row


def announce_decision(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    announced_on: datetime.date,
    places: str,
    plan_attached: bool,
    remedy_channels: str,
) -> CaseStep:
    """Record the announcement of the decision with the plan and the remedy channels (Art. 13)."""
    announced = required_date(announced_on, "announced_on", "公告日期")
    if not plan_attached:
        raise ValidationFailed(
            "房屋征收决定公告应当载明征收补偿方案（第十三条），请确认已随公告公布补偿方案。",
            field="plan_attached",
        )
    channels = required_text(remedy_channels, "remedy_channels", "行政复议、行政诉讼权利", 1000)

    def prepare(locked: Case) -> dict[str, Any]:
        decision = details_of(locked, "expropriation_decision")
        decided = day_of(decision, "decided_on")
        if decided is not None and announced < decided:
            raise ValidationFailed("公告日期不能早于房屋征收决定日期。", field="announced_on")
        return {
            "announced_on": announced.isoformat(),
            "places": required_text(places, "places", "公告地点", 500),
            "plan_attached": True,
            "remedy_channels": channels,
        }

    return record(user, case, step, code="expropriation_announcement", kind=KIND, prepare=prepare)
