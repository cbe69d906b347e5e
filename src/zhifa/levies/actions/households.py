"""Per-household steps of an expropriation: valuation, agreement or decision, moving, court.

Each step names the household by its number (户号) and updates the ``Household`` row in the
same transaction, so the project page shows the current state of every household.
"""

import datetime
from decimal import Decimal
from typing import Any

from zhifa.accounts.models import User
from zhifa.cases.actions._common import CALENDAR, StepInput, required_date, required_text
from zhifa.cases.models import Case, CaseStep
from zhifa.core.errors import ValidationFailed
from zhifa.levies import rules
from zhifa.levies.actions._shared import day_of, details_of, positive, record
from zhifa.levies.actions.expropriation import KIND, project_of
from zhifa.levies.models import CompensationMethod, Household
from zhifa.remedies.models import RemedyOutcome


def _household(case: Case, number: str) -> Household:
    household = (
        project_of(case)
        .households.select_for_update()
        .filter(number=(number or "").strip())
        .first()
    )
    if household is None:
        raise ValidationFailed(
            f"本项目没有户号为“{number}”的被征收户，请核对户号。", field="household"
        )
    return household


def _announced_on(case: Case) -> datetime.date:
    announced = day_of(details_of(case, "expropriation_announcement"), "announced_on")
    if announced is None:
        raise ValidationFailed("请先记录“房屋征收决定公告”。", field="step")
    return announced


def record_valuation(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    household: str,
    valuation_firm: str,
    value: Decimal,
    value_date: datetime.date,
    reported_on: datetime.date,
) -> CaseStep:
    """Record the valuation of one house as of the announcement date (Art. 19-20)."""
    firm = required_text(valuation_firm, "valuation_firm", "房地产价格评估机构", 200)
    amount = positive(value, "value", "评估价值")
    reported = required_date(reported_on, "reported_on", "评估报告日期")
    target: dict[str, Household] = {}

    def prepare(locked: Case) -> dict[str, Any]:
        announced = _announced_on(locked)
        if value_date != announced:
            raise ValidationFailed(
                f"价值时点应为房屋征收决定公告之日{announced.isoformat()}（第十九条）。",
                field="value_date",
            )
        target["row"] = _household(locked, household)
        return {
            "household": target["row"].number,
            "valuation_firm": firm,
            "value": str(amount),
            "value_date": value_date.isoformat(),
            "reported_on": reported.isoformat(),
        }

    def after(_: Case, __: CaseStep) -> None:
        row = target["row"]
        row.valuation_firm, row.valuation, row.valued_on = firm, amount, reported
        row.save(update_fields=["valuation_firm", "valuation", "valued_on"])

    return record(
        user, case, step, code="household_valuation", kind=KIND, prepare=prepare, after=after
    )


def _compensation(method: str, amount: Decimal | None, row: Household) -> Decimal:
    if method not in CompensationMethod.values:
        raise ValidationFailed("请选择“补偿方式”。", field="method")
    value = positive(amount, "amount", "补偿金额")
    if row.valuation is None:
        raise ValidationFailed(
            f"户号“{row.number}”尚未评估，请先记录“分户评估”。", field="household"
        )
    outcome = rules.check_compensation_amount(method, value, row.valuation)
    if not outcome.allowed:
        raise ValidationFailed(outcome.reason, field="amount")
    return value


def record_agreement(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    household: str,
    signed_on: datetime.date,
    method: str,
    amount: Decimal,
    move_deadline: datetime.date,
) -> CaseStep:
    """Record the compensation agreement signed with one owner (Art. 25)."""
    signed = required_date(signed_on, "signed_on", "签订日期")
    if move_deadline is None or move_deadline < signed:
        raise ValidationFailed("请填写不早于签订日期的“搬迁期限”。", field="move_deadline")
    target: dict[str, Any] = {}

    def prepare(locked: Case) -> dict[str, Any]:
        row = _household(locked, household)
        if row.agreement_signed_on or row.decision_made_on:
            raise ValidationFailed(f"户号“{row.number}”已有{row.settlement}。", field="household")
        target["row"], target["amount"] = row, _compensation(method, amount, row)
        return {
            "household": row.number,
            "signed_on": signed.isoformat(),
            "method": method,
            "amount": str(target["amount"]),
            "move_deadline": move_deadline.isoformat(),
        }

    def after(_: Case, __: CaseStep) -> None:
        row = target["row"]
        row.agreement_signed_on, row.compensation_method = signed, method
        row.compensation_amount, row.move_deadline = target["amount"], move_deadline
        row.save(
            update_fields=[
                "agreement_signed_on",
                "compensation_method",
                "compensation_amount",
                "move_deadline",
            ]
        )

    return record(
        user, case, step, code="compensation_agreement", kind=KIND, prepare=prepare, after=after
    )


def decide_compensation(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    household: str,
    decided_on: datetime.date,
    method: str,
    amount: Decimal,
    move_deadline: datetime.date,
    published_in_area_on: datetime.date,
    served_on: datetime.date,
) -> CaseStep:
    """Make the compensation decision for an owner without an agreement (Art. 26).

    Refused before the signing period of the expropriation decision has passed, and for a
    household that signed an agreement. The decision is published in the area and served.
    """
    decided = required_date(decided_on, "decided_on", "决定日期")
    published = required_date(published_in_area_on, "published_in_area_on", "在征收范围内公告日期")
    served = required_date(served_on, "served_on", "送达日期")
    if published < decided or served < decided:
        raise ValidationFailed("公告和送达日期不能早于补偿决定日期。", field="served_on")
    if move_deadline is None or move_deadline <= served:
        raise ValidationFailed("请填写晚于送达日期的“搬迁期限”。", field="move_deadline")
    target: dict[str, Any] = {}

    def prepare(locked: Case) -> dict[str, Any]:
        row = _household(locked, household)
        signing = day_of(details_of(locked, "expropriation_decision"), "signing_deadline")
        if signing is None:
            raise ValidationFailed("请先记录“房屋征收决定”。", field="step")
        outcome = rules.check_compensation_decision(
            decided, signing, row.agreement_signed_on is not None
        )
        if not outcome.allowed:
            raise ValidationFailed(outcome.reason, field="decided_on")
        if row.decision_made_on is not None:
            raise ValidationFailed(f"户号“{row.number}”已作出补偿决定。", field="household")
        target["row"], target["amount"] = row, _compensation(method, amount, row)
        return {
            "household": row.number,
            "owner": row.owner.name,
            "decided_on": decided.isoformat(),
            "method": method,
            "amount": str(target["amount"]),
            "move_deadline": move_deadline.isoformat(),
            "published_in_area_on": published.isoformat(),
            "served_on": served.isoformat(),
        }

    def after(_: Case, __: CaseStep) -> None:
        row = target["row"]
        row.decision_made_on, row.decision_served_on = decided, served
        row.compensation_method, row.compensation_amount = method, target["amount"]
        row.move_deadline = move_deadline
        row.save(
            update_fields=[
                "decision_made_on",
                "decision_served_on",
                "compensation_method",
                "compensation_amount",
                "move_deadline",
            ]
        )

    return record(
        user, case, step, code="compensation_decision", kind=KIND, prepare=prepare, after=after
    )


def publish_results(
    user: User, case: Case | int, step: StepInput, *, published_on: datetime.date, places: str
) -> CaseStep:
    """Publish each household's compensation in the expropriation area (Art. 29)."""
    published = required_date(published_on, "published_on", "公布日期")
    places_text = required_text(places, "places", "公布地点", 500)

    def prepare(locked: Case) -> dict[str, Any]:
        rows = [
            row for row in project_of(locked).households.select_related("owner") if row.compensated
        ]
        if not rows:
            raise ValidationFailed(
                "尚无签订协议或作出补偿决定的被征收户，无可公布的分户补偿情况。", field="step"
            )
        return {
            "published_on": published.isoformat(),
            "places": places_text,
            "households": [
                {
                    "number": row.number,
                    "settlement": row.settlement,
                    "amount": str(row.compensation_amount),
                }
                for row in rows
            ],
        }

    return record(
        user, case, step, code="compensation_results_published", kind=KIND, prepare=prepare
    )


def record_move_out(
    user: User, case: Case | int, step: StepInput, *, household: str, moved_on: datetime.date
) -> CaseStep:
    """Record that an owner moved out; compensation comes first (Art. 27)."""
    moved = required_date(moved_on, "moved_on", "搬迁日期")
    target: dict[str, Household] = {}

    def prepare(locked: Case) -> dict[str, Any]:
        row = _household(locked, household)
        if not row.compensated:
            raise ValidationFailed(
                f"户号“{row.number}”尚未签订补偿协议或作出补偿决定；实施房屋征收应当先补偿、后搬迁（第二十七条）。",
                field="household",
            )
        target["row"] = row
        return {"household": row.number, "moved_on": moved.isoformat()}

    def after(_: Case, __: CaseStep) -> None:
        target["row"].moved_out_on = moved
        target["row"].save(update_fields=["moved_out_on"])

    return record(
        user, case, step, code="household_moved_out", kind=KIND, prepare=prepare, after=after
    )


def _require_served_decision(row: Household, filed: datetime.date) -> None:
    """Reject a household remedy without a served compensation decision or filed before service."""
    if row.decision_served_on is None:
        agreement = (
            f"，只于{row.agreement_signed_on.isoformat()}签订了补偿协议"
            if row.agreement_signed_on
            else ""
        )
        raise ValidationFailed(
            f"户号“{row.number}”没有补偿决定{agreement}，不能记录被征收人对补偿决定的复议或诉讼。"
            "对房屋征收决定不服的，请在案件上记录“申请行政复议或提起行政诉讼”。",
            field="household",
        )
    if filed < row.decision_served_on:
        raise ValidationFailed(
            f"申请或起诉日期{filed.isoformat()}早于户号“{row.number}”补偿决定的送达日期"
            f"{row.decision_served_on.isoformat()}，请核对。",
            field="filed_on",
        )


def record_household_remedy(
    user: User, case: Case | int, step: StepInput, *, household: str, filed_on: datetime.date
) -> CaseStep:
    """Record that an owner applied for reconsideration or sued over the compensation decision.

    The case-level ``remedy_filed`` step does not name a household, so this step marks the
    household whose court application waits until ``record_household_remedy_end``. Only a
    served compensation decision can be challenged here, on or after the day of service. A
    challenge of the expropriation decision itself is the case-level ``remedy_filed`` step. A
    lawsuit after a concluded reconsideration is recorded as a new filing.
    """
    filed = required_date(filed_on, "filed_on", "申请或起诉日期")
    target: dict[str, Household] = {}

    def prepare(locked: Case) -> dict[str, Any]:
        row = _household(locked, household)
        _require_served_decision(row, filed)
        if row.remedy_pending:
            raise ValidationFailed(
                f"户号“{row.number}”于{row.remedy_filed_on}申请的复议或诉讼尚未结束，"
                "请先记录“被征收人复议或诉讼结束”。",
                field="household",
            )
        if row.remedy_concluded_on is not None and filed < row.remedy_concluded_on:
            raise ValidationFailed(
                f"申请或起诉日期早于该户上一次复议或诉讼的结束日期{row.remedy_concluded_on}，请核对。",
                field="filed_on",
            )
        target["row"] = row
        return {"household": row.number, "filed_on": filed.isoformat()}

    def after(_: Case, __: CaseStep) -> None:
        row = target["row"]
        row.remedy_filed_on, row.remedy_concluded_on, row.remedy_outcome = filed, None, ""
        row.save(update_fields=["remedy_filed_on", "remedy_concluded_on", "remedy_outcome"])

    return record(
        user, case, step, code="household_remedy", kind=KIND, prepare=prepare, after=after
    )


def record_household_remedy_end(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    household: str,
    concluded_on: datetime.date,
    remedy_outcome: str,
) -> CaseStep:
    """Record the end and outcome of an owner's pending reconsideration or lawsuit.

    ``concluded_on`` is the day the reconsideration decision was served or the judgment took
    effect. The court application reads the outcome: only upheld, rejected or terminated
    leave the compensation decision in force.
    """
    concluded = required_date(concluded_on, "concluded_on", "结束日期")
    if remedy_outcome not in RemedyOutcome.values:
        raise ValidationFailed("请选择“复议或诉讼结果”。", field="remedy_outcome")
    target: dict[str, Household] = {}

    def prepare(locked: Case) -> dict[str, Any]:
        row = _household(locked, household)
        if not row.remedy_pending or row.remedy_filed_on is None:
            raise ValidationFailed(
                f"户号“{row.number}”没有尚未结束的复议或诉讼，"
                "请先记录“被征收人申请复议或提起诉讼”。",
                field="household",
            )
        if concluded < row.remedy_filed_on:
            raise ValidationFailed(
                f"结束日期早于申请或起诉日期{row.remedy_filed_on}，请核对。",
                field="concluded_on",
            )
        target["row"] = row
        return {
            "household": row.number,
            "filed_on": row.remedy_filed_on.isoformat(),
            "concluded_on": concluded.isoformat(),
            "remedy_outcome": remedy_outcome,
            "remedy_outcome_label": RemedyOutcome(remedy_outcome).label,
        }

    def after(_: Case, __: CaseStep) -> None:
        row = target["row"]
        row.remedy_concluded_on, row.remedy_outcome = concluded, remedy_outcome
        row.save(update_fields=["remedy_concluded_on", "remedy_outcome"])

    return record(
        user,
        case,
        step,
        code="household_remedy_concluded",
        kind=KIND,
        prepare=prepare,
        after=after,
    )


def apply_to_court(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    household: str,
    applied_on: datetime.date,
    court: str,
    demand_served_on: datetime.date | None,
) -> CaseStep:
    """Apply to the court for the forced move of one owner (Art. 28).

    The government never moves an owner itself: the court application is the only way.
    """
    applied = required_date(applied_on, "applied_on", "申请日期")
    court_name = required_text(court, "court", "受理申请的人民法院", 200)
    target: dict[str, Household] = {}

    def prepare(locked: Case) -> dict[str, Any]:
        row = _household(locked, household)
        outcome = rules.check_court_application(
            rules.CourtApplicationFacts(
                applied_on=applied,
                decision_served_on=row.decision_served_on,
                move_deadline=row.move_deadline,
                moved_out_on=row.moved_out_on,
                remedy_filed_on=row.remedy_filed_on,
                demand_served_on=demand_served_on,
                remedy_concluded_on=row.remedy_concluded_on,
                remedy_outcome=row.remedy_outcome,
            ),
            CALENDAR,
        )
        if not outcome.allowed:
            raise ValidationFailed(outcome.reason, field="applied_on")
        target["row"] = row
        return {
            "household": row.number,
            "owner": row.owner.name,
            "applied_on": applied.isoformat(),
            "court": court_name,
            "demand_served_on": demand_served_on.isoformat() if demand_served_on else "",
        }

    def after(_: Case, __: CaseStep) -> None:
        target["row"].court_applied_on = applied
        target["row"].save(update_fields=["court_applied_on"])

    return record(
        user, case, step, code="court_move_application", kind=KIND, prepare=prepare, after=after
    )
