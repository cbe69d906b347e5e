"""The page fields, API schemas and actions of the coercion steps, as ``StepPlugin`` objects.

Each plugin's ``perform`` turns the plain values into the action's input, so the case page
and ``POST /api/cases/{id}/steps`` call the same action. A measure is chosen from the case's
measures on the page, and by its id (``measure_id``) in the API.
"""

import datetime
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django import forms
from pydantic import BaseModel

from zhifa.accounts.models import User
from zhifa.cases.actions._common import StepInput
from zhifa.cases.models import Case, CaseStep
from zhifa.cases.plugins import StepPlugin
from zhifa.coercion import actions, rules
from zhifa.coercion.actions.ending import TEST_KINDS
from zhifa.coercion.actions.measures import SIGNATURES
from zhifa.coercion.models import CoerciveMeasure
from zhifa.coercion.procedures import MEASURE_ENDS

TEXTAREA = forms.Textarea(attrs={"rows": 3})
DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"})


def _text(label: str, required: bool = True, long: bool = False) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=TEXTAREA if long else None)


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE)


def _moment(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=DATETIME)


def _choice(label: str, choices: dict[str, str]) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[("", "请选择"), *choices.items()])


def _money(label: str, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, min_value=0, decimal_places=2)


def _flag(label: str) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False)


# The page offers the case's own measures (``measure_choices``); the API takes the id.
MEASURE_ID = forms.TypedChoiceField(label="强制措施", coerce=int)


def measure_choices(case: Case) -> dict[str, list[tuple[Any, str]]]:
    measures = CoerciveMeasure.objects.filter(case=case).order_by("imposed_at")
    options = [
        (
            measure.pk,
            f"{measure.decision_number}（{measure.get_kind_display()}，"
            f"{measure.get_state_display()}）",
        )
        for measure in measures
    ]
    return {"measure_id": options}


# --- Inventory lines ---------------------------------------------------------------------------


class MeasureItemFields(BaseModel):
    name: str
    quantity: str
    specification: str = ""
    condition: str = ""


def _items(value: Any) -> list[actions.ItemInput]:
    """Read inventory lines from the API list or from the page's text, one item a line."""
    if isinstance(value, list):
        return [actions.ItemInput(**dict(row)) for row in value]
    lines = [line for line in (value or "").splitlines() if line.strip()]
    items = []
    for line in lines:
        parts = [part.strip() for part in line.replace("|", "｜").split("｜")]
        parts += [""] * (4 - len(parts))
        items.append(actions.ItemInput(*parts[:4]))
    return items


# --- Coercive measures -------------------------------------------------------------------------


class MeasureFields(BaseModel):
    kind: str
    decision_number: str
    reason: str
    legal_basis: str
    items: list[MeasureItemFields]
    decision_handed_over: bool
    statement_heard: bool
    signature: str
    party_statement: str = ""
    witness: str = ""
    emergency_reason: str = ""


def _impose(user: User, case: Case, step: StepInput, values: dict[str, Any]) -> CaseStep:
    data = actions.MeasureInput(
        kind=values["kind"] or "",
        decision_number=values["decision_number"] or "",
        reason=values["reason"] or "",
        legal_basis=values["legal_basis"] or "",
        items=_items(values["items"]),
        decision_handed_over=bool(values["decision_handed_over"]),
        statement_heard=bool(values["statement_heard"]),
        signature=values["signature"] or "",
        party_statement=values.get("party_statement") or "",
        witness=values.get("witness") or "",
        emergency_reason=values.get("emergency_reason") or "",
    )
    return actions.impose_measure(user, case, step, data)


class FreezingFields(BaseModel):
    decision_number: str
    legal_basis: str
    bank: str
    account: str
    amount: Decimal
    reason: str = ""


def _freeze(user: User, case: Case, step: StepInput, values: dict[str, Any]) -> CaseStep:
    data = actions.FreezingInput(
        **{
            key: values.get(key) or ""
            for key in ("decision_number", "legal_basis", "bank", "account", "reason")
        },
        amount=values.get("amount") or "0",
    )
    return actions.freeze_deposits(user, case, step, data)


class MeasureRefFields(BaseModel):
    measure_id: int


class FreezingServedFields(MeasureRefFields):
    served_on: datetime.date


class EmergencyReportFields(MeasureRefFields):
    reported_to: str


class EmergencyApprovalFields(MeasureRefFields):
    approved: bool
    opinion: str


class MeasureExtensionFields(MeasureRefFields):
    days: int
    reason: str
    notified_on: datetime.date


class MeasureTestingFields(MeasureRefFields):
    test_kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    notified_on: datetime.date | None = None


class MeasureEndFields(MeasureRefFields):
    reason: str = ""
    penalty_decision: str = ""
    legal_basis: str = ""
    items_returned: bool = False


def _end(code: str) -> Any:
    def perform(user: User, case: Case, step: StepInput, values: dict[str, Any]) -> CaseStep:
        data = actions.EndInput(
            outcome=code,
            reason=values.get("reason") or "",
            penalty_decision=values.get("penalty_decision") or "",
            legal_basis=values.get("legal_basis") or "",
            items_returned=bool(values.get("items_returned")),
        )
        return actions.end_measure(user, case, step, measure_id=values["measure_id"], data=data)

    return perform


END_FIELDS: dict[str, dict[str, forms.Field]] = {
    "measure_released": {
        "reason": _text("解除理由", long=True),
        "items_returned": _flag("已退还财物"),
    },
    "measure_confiscated": {"penalty_decision": _text("作出没收的行政处罚决定书文号")},
    "measure_destroyed": {"legal_basis": _text("应当销毁的法律依据", long=True)},
}


def measure_plugins() -> list[StepPlugin]:
    plugins = [
        StepPlugin(
            "measure_imposed",
            {
                "kind": _choice("措施种类", {"sealing": "查封", "seizure": "扣押"}),
                "decision_number": _text("决定书文号"),
                "reason": _text("理由", long=True),
                "legal_basis": _text("依据", long=True),
                "items": _text("清单（每行一项：名称｜数量｜规格｜状况）", long=True),
                "decision_handed_over": _flag("决定书和清单已当场交付当事人"),
                "statement_heard": _flag("已听取当事人的陈述和申辩"),
                "party_statement": _text("当事人陈述申辩内容", required=False, long=True),
                "signature": _choice("现场笔录签名情况", SIGNATURES),
                "witness": _text("见证人", required=False),
                "emergency_reason": _text(
                    "紧急情况说明（当场实施时填写）", required=False, long=True
                ),
            },
            MeasureFields,
            _impose,
            {
                "kind_label": "措施种类",
                "decision_number": "决定书文号",
                "due_on": "期限届满日",
                "signature_label": "笔录签名",
                "emergency_reason": "紧急情况",
            },
        ),
        StepPlugin(
            "deposits_frozen",
            {
                "decision_number": _text("冻结决定书文号"),
                "legal_basis": _text("授权冻结的法律依据", long=True),
                "bank": _text("金融机构"),
                "account": _text("账号"),
                "amount": _money("冻结金额（元）"),
                "reason": _text("理由", required=False, long=True),
            },
            FreezingFields,
            _freeze,
            {"bank": "金融机构", "amount": "冻结金额", "notice_due_on": "决定书交付期限"},
        ),
        StepPlugin(
            "freezing_decision_served",
            {"measure_id": MEASURE_ID, "served_on": _date("送达日期")},
            FreezingServedFields,
            lambda user, case, step, v: actions.serve_freezing_decision(
                user, case, step, measure_id=v["measure_id"], served_on=v["served_on"]
            ),
            {"served_on": "冻结决定书送达日期"},
        ),
        StepPlugin(
            "emergency_report",
            {"measure_id": MEASURE_ID, "reported_to": _text("报告的负责人")},
            EmergencyReportFields,
            lambda user, case, step, v: actions.report_emergency(
                user, case, step, measure_id=v["measure_id"], reported_to=v["reported_to"] or ""
            ),
            {"reported_to": "报告对象", "reported_at": "报告时间"},
        ),
        StepPlugin(
            "emergency_approval",
            {
                "measure_id": MEASURE_ID,
                "approved": _flag("批准（不勾选即不批准，措施立即解除）"),
                "opinion": _text("负责人意见", long=True),
            },
            EmergencyApprovalFields,
            lambda user, case, step, v: actions.decide_emergency(
                user,
                case,
                step,
                measure_id=v["measure_id"],
                approved=bool(v["approved"]),
                opinion=v["opinion"] or "",
            ),
            {"approved": "是否批准", "opinion": "负责人意见"},
        ),
        StepPlugin(
            "measure_extended",
            {
                "measure_id": MEASURE_ID,
                "days": forms.IntegerField(
                    label="延长天数", min_value=1, max_value=rules.MAX_EXTENSION_DAYS
                ),
                "reason": _text("延长理由", long=True),
                "notified_on": _date("书面告知当事人日期"),
            },
            MeasureExtensionFields,
            lambda user, case, step, v: actions.extend_measure(
                user,
                case,
                step,
                measure_id=v["measure_id"],
                days=v["days"] or 0,
                reason=v["reason"] or "",
                notified_on=v["notified_on"],
            ),
            {"days": "延长天数", "previous_due_on": "原届满日"},
        ),
        StepPlugin(
            "testing_period",
            {
                "measure_id": MEASURE_ID,
                "test_kind": _choice("期间种类", TEST_KINDS),
                "starts_on": _date("开始日期"),
                "ends_on": _date("结束日期（尚未结束的，填写书面告知的计划结束日期）"),
                "notified_on": _date("书面告知当事人日期"),
            },
            MeasureTestingFields,
            lambda user, case, step, v: actions.record_testing_period(
                user,
                case,
                step,
                measure_id=v["measure_id"],
                data=actions.TestingInput(
                    v["test_kind"] or "", v["starts_on"], v["ends_on"], v.get("notified_on")
                ),
            ),
            {
                "test_kind_label": "期间种类",
                "excluded_days": "不计入天数",
                "starts_on": "开始日期",
                "ends_on": "结束日期",
                "planned": "结束日期为计划日期",
                "previous_ends_on": "原记录的结束日期",
            },
        ),
    ]
    for code in MEASURE_ENDS:
        plugins.append(
            StepPlugin(
                code,
                {"measure_id": MEASURE_ID, **END_FIELDS[code]},
                MeasureEndFields,
                _end(code),
                {
                    "reason": "解除理由",
                    "penalty_decision": "行政处罚决定书",
                    "legal_basis": "销毁的法律依据",
                    "items_returned": "已退还财物",
                },
            )
        )
    return [
        replace(plugin, choices=measure_choices) if "measure_id" in plugin.fields else plugin
        for plugin in plugins
    ]
