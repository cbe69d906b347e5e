"""The page fields, API schemas and actions of the compulsory enforcement steps."""

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from pydantic import BaseModel

from zhifa.accounts.models import User
from zhifa.cases.actions._common import StepInput
from zhifa.cases.models import Case, CaseStep
from zhifa.cases.plugins import StepPlugin
from zhifa.coercion import actions, rules
from zhifa.coercion.actions.enforcement import CHARGE_KINDS, OBLIGATIONS, POWERS
from zhifa.coercion.actions.substitute import OBSTRUCTION_PLACES, PARTY_SITUATIONS
from zhifa.coercion.step_plugins import _choice, _date, _flag, _moment, _money, _text
from zhifa.core.errors import ValidationFailed


def _text_values(values: dict[str, Any], *names: str) -> dict[str, str]:
    return {name: values.get(name) or "" for name in names}


class EnforcementBasisFields(BaseModel):
    decision_number: str
    decided_on: datetime.date
    served_on: datetime.date
    obligation: str
    power: str
    basis_case_number: str = ""
    issuing_agency: str = ""
    principal: Decimal | None = None
    power_basis: str = ""
    content: str = ""
    performance_deadline: datetime.date | None = None
    change_note: str = ""


class BasisChangeFields(BaseModel):
    principal: Decimal = Decimal("0")
    change_note: str


def _basis(user: User, case: Case, step: StepInput, v: dict[str, Any]) -> CaseStep:
    data = actions.BasisInput(
        decided_on=v["decided_on"],
        served_on=v["served_on"],
        principal=v.get("principal"),
        performance_deadline=v.get("performance_deadline"),
        **_text_values(
            v,
            "decision_number",
            "obligation",
            "power",
            "basis_case_number",
            "issuing_agency",
            "power_basis",
            "content",
            "change_note",
        ),
    )
    return actions.record_basis(user, case, step, data)


class EnforcementDemandFields(BaseModel):
    served_on: datetime.date
    performance_deadline: datetime.date
    manner: str
    rights_told: bool
    amount: Decimal | None = None


class EnforcementDecisionFields(BaseModel):
    decision_number: str
    method: str
    transfer_risk_evidence: str = ""


class LateChargeFields(BaseModel):
    kind: str
    daily_rate: Decimal
    rate_notified_on: datetime.date | None = None
    starts_on: datetime.date
    ends_on: datetime.date


class CourtApplicationFields(BaseModel):
    applied_on: datetime.date
    court: str


class SubstituteDecisionFields(BaseModel):
    decision_number: str
    performer: str
    method: str
    target: str
    planned_on: datetime.date
    cost_estimate: Decimal


class SubstituteDemandFields(BaseModel):
    served_on: datetime.date


class SubstitutePerformanceFields(BaseModel):
    ended_at: datetime.datetime
    actual_cost: Decimal
    signed_by: str
    emergency_reason: str = ""


class ImmediateSubstituteFields(BaseModel):
    place_kind: str
    obstruction: str
    party_situation: str
    performer: str
    ended_at: datetime.datetime
    cost: Decimal = Decimal("0")
    emergency_reason: str = ""


class ImmediateNoticeFields(BaseModel):
    method: str


class EnforcementCarryOutFields(BaseModel):
    ended_at: datetime.datetime
    result: str
    emergency_reason: str = ""


class EnforcementGroundFields(BaseModel):
    ground: str
    explanation: str


class EnforcementResumptionFields(BaseModel):
    reason: str


class AgreementInstalmentFields(BaseModel):
    due_on: datetime.date
    amount: Decimal


class EnforcementAgreementFields(BaseModel):
    terms: str
    instalments: list[AgreementInstalmentFields] = []
    charges_waived: Decimal = Decimal("0")


class AgreementBreachFields(BaseModel):
    explanation: str


def _instalments(value: Any) -> list[actions.Instalment]:
    """Read instalments from the API list or from the page's text, "日期｜金额" a line."""
    if isinstance(value, list):
        return [actions.Instalment(row["due_on"], row["amount"]) for row in value]
    plan = []
    for line in (value or "").splitlines():
        if not line.strip():
            continue
        due, _, amount = line.replace("|", "｜").partition("｜")
        try:
            due_on = datetime.date.fromisoformat(due.strip())
        except ValueError:
            raise ValidationFailed(
                f"分期计划“{line.strip()}”的日期无效，请按“2026-12-31｜5000”的格式每行填写一期。",
                field="instalments",
            ) from None
        plan.append(actions.Instalment(due_on, amount.strip()))
    return plan


EMERGENCY = "紧急情况说明（夜间或法定节假日实施时填写）"


def enforcement_plugins() -> list[StepPlugin]:
    return [
        StepPlugin(
            "enforcement_basis",
            {
                "decision_number": _text("被执行决定书文号"),
                "basis_case_number": _text("本平台案号（本单位案件）", required=False),
                "issuing_agency": _text("作出决定的机关", required=False),
                "decided_on": _date("决定日期"),
                "served_on": _date("决定书送达日期"),
                "obligation": _choice("义务种类", OBLIGATIONS),
                "principal": _money("金钱给付义务数额（元）", required=False),
                "performance_deadline": _date(
                    "决定确定的履行期限（金钱给付义务必填）", required=False
                ),
                "change_note": _text(
                    "变更情况（决定经行政复议或行政诉讼变更的，写明变更决定和内容）",
                    required=False,
                    long=True,
                ),
                "power": _choice("执行方式", POWERS),
                "power_basis": _text("强制执行权的法律依据", required=False, long=True),
                "content": _text("决定内容", required=False, long=True),
            },
            EnforcementBasisFields,
            _basis,
            {
                "decision_number": "被执行决定书",
                "obligation_label": "义务种类",
                "principal": "金钱给付义务数额",
                "power_label": "执行方式",
                "performance_deadline": "履行期限",
                "change_note": "变更情况",
            },
        ),
        StepPlugin(
            "basis_changed",
            {
                "principal": _money("变更后的金钱给付义务数额（元）", required=False),
                "change_note": _text("变更情况（变更决定的文号和内容）", long=True),
            },
            BasisChangeFields,
            lambda user, case, step, v: actions.record_basis_change(
                user,
                case,
                step,
                principal=v.get("principal") or "0",
                note=v.get("change_note") or "",
            ),
            {
                "remedy": "变更的复议或诉讼",
                "previous_principal": "原数额",
                "principal": "变更后数额",
                "change_note": "变更情况",
            },
        ),
        StepPlugin(
            "demand_served",
            {
                "served_on": _date("催告书送达日期"),
                "performance_deadline": _date("履行期限"),
                "manner": _text("履行方式", long=True),
                "amount": _money("金额（元）", required=False),
                "rights_told": _flag("已告知陈述权和申辩权"),
            },
            EnforcementDemandFields,
            lambda user, case, step, v: actions.serve_demand(
                user,
                case,
                step,
                actions.DemandInput(
                    v["served_on"],
                    v["performance_deadline"],
                    v["manner"] or "",
                    bool(v["rights_told"]),
                    v.get("amount"),
                ),
            ),
            {"performance_deadline": "履行期限", "manner": "履行方式"},
        ),
        StepPlugin(
            "enforcement_decision",
            {
                "decision_number": _text("强制执行决定书文号"),
                "method": _text("强制执行方式", long=True),
                "transfer_risk_evidence": _text(
                    "转移或隐匿财物的证据（立即执行时填写）", required=False, long=True
                ),
            },
            EnforcementDecisionFields,
            lambda user, case, step, v: actions.decide_enforcement(
                user,
                case,
                step,
                actions.EnforcementDecisionInput(
                    **_text_values(v, "decision_number", "method", "transfer_risk_evidence")
                ),
            ),
            {"method": "强制执行方式", "transfer_risk_evidence": "转移或隐匿财物的证据"},
        ),
        StepPlugin(
            "late_charge",
            {
                "kind": _choice("种类", CHARGE_KINDS),
                "daily_rate": forms.DecimalField(
                    label="日标准（如每日3%填0.03）", decimal_places=6
                ),
                "rate_notified_on": _date("标准告知日期"),
                "starts_on": _date("计算起始日期"),
                "ends_on": _date("计算截止日期"),
            },
            LateChargeFields,
            lambda user, case, step, v: actions.record_late_charge(
                user,
                case,
                step,
                actions.ChargeInput(
                    v["kind"] or "",
                    v["daily_rate"],
                    v.get("rate_notified_on"),
                    v["starts_on"],
                    v["ends_on"],
                ),
            ),
            {"kind_label": "种类", "days": "计算天数", "total": "累计金额"},
        ),
        StepPlugin(
            "court_application",
            {"applied_on": _date("申请日期"), "court": _text("受理法院")},
            CourtApplicationFields,
            lambda user, case, step, v: actions.apply_to_court(
                user, case, step, applied_on=v["applied_on"], court=v["court"] or ""
            ),
            {"window_starts_on": "申请期限起", "window_ends_on": "申请期限止"},
        ),
        *_substitute_plugins(),
        *_course_plugins(),
    ]


def _substitute_plugins() -> list[StepPlugin]:
    return [
        StepPlugin(
            "substitute_decision",
            {
                "decision_number": _text("代履行决定书文号"),
                "performer": _text("代履行人"),
                "method": _text("代履行方式", long=True),
                "target": _text("代履行标的", long=True),
                "planned_on": _date("代履行时间"),
                "cost_estimate": _money("代履行费用预算（元）"),
            },
            SubstituteDecisionFields,
            lambda user, case, step, v: actions.decide_substitute(
                user,
                case,
                step,
                actions.SubstituteDecisionInput(
                    planned_on=v["planned_on"],
                    cost_estimate=v["cost_estimate"],
                    **_text_values(v, "decision_number", "performer", "method", "target"),
                ),
            ),
            {"performer": "代履行人", "planned_on": "代履行时间", "cost_estimate": "费用预算"},
        ),
        StepPlugin(
            "substitute_demand",
            {"served_on": _date("催告书送达日期")},
            SubstituteDemandFields,
            lambda user, case, step, v: actions.serve_substitute_demand(
                user, case, step, served_on=v["served_on"]
            ),
            {"earliest_performance_on": "最早实施日期"},
        ),
        StepPlugin(
            "substitute_performed",
            {
                "ended_at": _moment("结束时间"),
                "actual_cost": _money("代履行费用（元，由当事人承担）"),
                "signed_by": _text("在执行文书上签名的人员", long=True),
                "emergency_reason": _text(EMERGENCY, required=False, long=True),
            },
            SubstitutePerformanceFields,
            lambda user, case, step, v: actions.perform_substitute(
                user,
                case,
                step,
                actions.PerformanceInput(
                    v["ended_at"],
                    v["actual_cost"],
                    v["signed_by"] or "",
                    v.get("emergency_reason") or "",
                ),
            ),
            {"actual_cost": "代履行费用", "signed_by": "签名人员"},
        ),
        StepPlugin(
            "immediate_substitute",
            {
                "place_kind": _choice("场所", OBSTRUCTION_PLACES),
                "obstruction": _text("需要立即清除的遗洒物、障碍物或污染物", long=True),
                "party_situation": _choice("当事人情况", PARTY_SITUATIONS),
                "performer": _text("代履行人"),
                "ended_at": _moment("结束时间"),
                "cost": _money("代履行费用（元，由当事人承担）", required=False),
                "emergency_reason": _text(EMERGENCY, required=False, long=True),
            },
            ImmediateSubstituteFields,
            lambda user, case, step, v: actions.perform_immediate_substitute(
                user,
                case,
                step,
                actions.ImmediateInput(
                    ended_at=v["ended_at"],
                    cost=v.get("cost") or "0",
                    **_text_values(
                        v,
                        "place_kind",
                        "obstruction",
                        "party_situation",
                        "performer",
                        "emergency_reason",
                    ),
                ),
            ),
            {
                "place_kind_label": "场所",
                "obstruction": "清除对象",
                "party_situation_label": "当事人情况",
            },
        ),
        StepPlugin(
            "immediate_substitute_notice",
            {"method": _text("通知方式")},
            ImmediateNoticeFields,
            lambda user, case, step, v: actions.notify_immediate_substitute(
                user, case, step, method=v["method"] or ""
            ),
            {"hours_after": "完成后几小时通知"},
        ),
    ]


def _course_plugins() -> list[StepPlugin]:
    return [
        StepPlugin(
            "enforcement_carried_out",
            {
                "ended_at": _moment("结束时间"),
                "result": _text("执行情况", long=True),
                "emergency_reason": _text(EMERGENCY, required=False, long=True),
            },
            EnforcementCarryOutFields,
            lambda user, case, step, v: actions.carry_out_enforcement(
                user,
                case,
                step,
                actions.CarryOutInput(
                    v["ended_at"], v["result"] or "", v.get("emergency_reason") or ""
                ),
            ),
            {"result": "执行情况", "emergency_reason": "紧急情况说明"},
        ),
        StepPlugin(
            "enforcement_suspended",
            {
                "ground": _choice("法定情形", rules.SUSPENSION_GROUNDS),
                "explanation": _text("情况说明", long=True),
            },
            EnforcementGroundFields,
            lambda user, case, step, v: actions.suspend_enforcement(
                user, case, step, ground=v["ground"] or "", explanation=v["explanation"] or ""
            ),
            {"ground_label": "法定情形"},
        ),
        StepPlugin(
            "enforcement_resumed",
            {"reason": _text("恢复执行的理由", long=True)},
            EnforcementResumptionFields,
            lambda user, case, step, v: actions.resume_enforcement(
                user, case, step, reason=v["reason"] or ""
            ),
        ),
        StepPlugin(
            "enforcement_terminated",
            {
                "ground": _choice("法定情形", rules.TERMINATION_GROUNDS),
                "explanation": _text("情况说明", long=True),
            },
            EnforcementGroundFields,
            lambda user, case, step, v: actions.terminate_enforcement(
                user, case, step, ground=v["ground"] or "", explanation=v["explanation"] or ""
            ),
        ),
        StepPlugin(
            "enforcement_agreement",
            {
                "terms": _text("协议内容", long=True),
                "instalments": _text("分期计划（每行一期：日期｜金额）", required=False, long=True),
                "charges_waived": _money("减免的加处罚款或滞纳金（元）", required=False),
            },
            EnforcementAgreementFields,
            lambda user, case, step, v: actions.make_agreement(
                user,
                case,
                step,
                actions.AgreementInput(
                    v["terms"] or "",
                    _instalments(v.get("instalments")),
                    v.get("charges_waived") or "0",
                ),
            ),
            {"terms": "协议内容", "instalments": "分期计划"},
        ),
        StepPlugin(
            "agreement_breached",
            {"explanation": _text("不履行协议的情况", long=True)},
            AgreementBreachFields,
            lambda user, case, step, v: actions.record_breach(
                user, case, step, explanation=v["explanation"] or ""
            ),
        ),
    ]
