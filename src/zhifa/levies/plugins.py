"""The step plugins of levies, requisitions and housing expropriation.

Each step's fields are declared once as ``FieldDef`` rows. The page form fields and the API
schema are both built from them, so the page and the API call the same action with the same
values.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from pydantic import BaseModel, ConfigDict, create_model

from zhifa.cases.plugins import StepPlugin, register_step
from zhifa.levies.actions import expropriation, households, levy, requisition
from zhifa.levies.actions.levy import REDUCTION_KINDS
from zhifa.levies.models import CompensationMethod, PublicInterestGround
from zhifa.remedies.models import RemedyOutcome

TEXT, LINE, DATE, MONEY, RATE, COUNT, FLAG, CHOICE = (
    "text",
    "line",
    "date",
    "money",
    "rate",
    "count",
    "flag",
    "choice",
)


@dataclass(frozen=True)
class FieldDef:
    name: str
    kind: str
    label: str
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    help_text: str = ""


def _form_field(spec: FieldDef) -> forms.Field:
    common: dict[str, Any] = {"label": spec.label, "help_text": spec.help_text}
    if spec.kind == FLAG:
        # The action explains why a required confirmation is missing.
        return forms.BooleanField(required=False, **common)
    common["required"] = spec.required
    if spec.kind == TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    if spec.kind == LINE:
        return forms.CharField(max_length=500, **common)
    if spec.kind == DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if spec.kind == MONEY:
        return forms.DecimalField(max_digits=16, decimal_places=2, **common)
    if spec.kind == RATE:
        return forms.DecimalField(max_digits=12, decimal_places=8, **common)
    if spec.kind == COUNT:
        return forms.IntegerField(min_value=0, **common)
    return forms.ChoiceField(choices=[("", "请选择"), *spec.choices], **common)


_PYTHON_TYPES: dict[str, Any] = {
    TEXT: str,
    LINE: str,
    DATE: datetime.date,
    MONEY: Decimal,
    RATE: Decimal,
    COUNT: int,
    FLAG: bool,
    CHOICE: str,
}


def _schema(code: str, specs: tuple[FieldDef, ...]) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for spec in specs:
        python_type = _PYTHON_TYPES[spec.kind]
        if spec.kind == FLAG:
            fields[spec.name] = (bool, False)
        elif spec.required:
            fields[spec.name] = (python_type, ...)
        elif python_type is str:
            fields[spec.name] = (str, "")
        else:
            fields[spec.name] = (python_type | None, None)
    name = "".join(part.title() for part in code.split("_")) + "Fields"
    return create_model(name, __config__=ConfigDict(extra="forbid"), **fields)


Action = Callable[..., Any]


def _plugin(code: str, action: Action, specs: tuple[FieldDef, ...], **labels: str) -> StepPlugin:
    def perform(user: Any, case: Any, step: Any, values: dict[str, Any]) -> Any:
        cleaned = {
            name: ("" if value is None and _is_text(specs, name) else value)
            for name, value in values.items()
        }
        return action(user, case, step, **cleaned)

    return StepPlugin(
        code=code,
        fields={spec.name: _form_field(spec) for spec in specs},
        schema=_schema(code, specs),
        perform=perform,
        # A choice also stored as ``<name>_label`` is shown once, under that label.
        detail_labels={
            **{spec.name: spec.label for spec in specs if f"{spec.name}_label" not in labels},
            **labels,
        },
    )


def _is_text(specs: tuple[FieldDef, ...], name: str) -> bool:
    return any(spec.name == name and spec.kind in (TEXT, LINE, CHOICE) for spec in specs)


HOUSEHOLD = FieldDef("household", LINE, "户号")
METHOD = FieldDef("method", CHOICE, "补偿方式", choices=tuple(CompensationMethod.choices))

PLUGINS: tuple[StepPlugin, ...] = (
    # Housing expropriation: preconditions (Art. 8-12).
    _plugin(
        "expropriation_ground",
        expropriation.record_ground,
        (
            FieldDef(
                "ground",
                CHOICE,
                "公共利益事由（第八条）",
                choices=tuple(PublicInterestGround.choices),
            ),
            FieldDef("plan_conformity", TEXT, "规划符合情况（第九条）"),
            FieldDef("in_annual_plan", FLAG, "已纳入国民经济和社会发展年度计划"),
        ),
        ground_label="公共利益事由",
    ),
    _plugin(
        "compensation_plan_consultation",
        expropriation.record_consultation,
        (
            FieldDef("published_on", DATE, "公布日期"),
            FieldDef("closes_on", DATE, "征求意见截止日期", help_text="自公布次日起不少于三十日"),
            FieldDef("plan_summary", TEXT, "补偿方案要点"),
        ),
        comment_days="征求意见天数",
    ),
    _plugin(
        "consultation_results_published",
        expropriation.record_consultation_results,
        (
            FieldDef("published_on", DATE, "公布日期"),
            FieldDef("comment_count", COUNT, "收到意见数"),
            FieldDef("objecting_owners", COUNT, "认为方案不符合条例的被征收人数"),
            FieldDef("changes", TEXT, "根据公众意见修改的情况"),
        ),
        owner_count="被征收人数",
    ),
    _plugin(
        "expropriation_hearing",
        expropriation.record_hearing,
        (
            FieldDef("held_on", DATE, "听证会日期"),
            FieldDef("attendees", TEXT, "参加人员（被征收人和公众代表）"),
            FieldDef("outcome", TEXT, "听证结果及方案修改情况"),
        ),
    ),
    _plugin(
        "stability_assessment",
        expropriation.record_stability_assessment,
        (
            FieldDef("completed_on", DATE, "评估完成日期"),
            FieldDef(
                "risk_level", CHOICE, "风险等级", choices=tuple(expropriation.RISK_LEVELS.items())
            ),
            FieldDef("conclusion", TEXT, "评估结论"),
        ),
        risk_level_label="风险等级",
    ),
    _plugin(
        "executive_meeting",
        expropriation.record_executive_meeting,
        (
            FieldDef("meeting_on", DATE, "会议日期"),
            FieldDef("session", LINE, "会议届次"),
            FieldDef("conclusion", TEXT, "会议决定"),
        ),
    ),
    _plugin(
        "funds_deposited",
        expropriation.record_funds,
        (
            FieldDef("amount", MONEY, "专户存储金额（元）"),
            FieldDef("account", LINE, "专用账户"),
            FieldDef("confirmed_on", DATE, "到位确认日期"),
        ),
    ),
    _plugin(
        "expropriation_decision",
        expropriation.decide_expropriation,
        (
            FieldDef("decided_on", DATE, "决定日期"),
            FieldDef("decision_number", LINE, "决定文号"),
            FieldDef("scope", TEXT, "征收范围"),
            FieldDef("signing_deadline", DATE, "签约期限"),
        ),
        household_count="被征收户数",
    ),
    _plugin(
        "expropriation_announcement",
        expropriation.announce_decision,
        (
            FieldDef("announced_on", DATE, "公告日期"),
            FieldDef("places", LINE, "公告地点"),
            FieldDef("plan_attached", FLAG, "公告载明征收补偿方案"),
            FieldDef("remedy_channels", TEXT, "行政复议、行政诉讼权利"),
        ),
    ),
    # Housing expropriation: per household.
    _plugin(
        "household_valuation",
        households.record_valuation,
        (
            HOUSEHOLD,
            FieldDef("valuation_firm", LINE, "房地产价格评估机构"),
            FieldDef("value", MONEY, "评估价值（元）"),
            FieldDef("value_date", DATE, "价值时点", help_text="房屋征收决定公告之日"),
            FieldDef("reported_on", DATE, "评估报告日期"),
        ),
    ),
    _plugin(
        "compensation_agreement",
        households.record_agreement,
        (
            HOUSEHOLD,
            FieldDef("signed_on", DATE, "签订日期"),
            METHOD,
            FieldDef("amount", MONEY, "补偿金额（元）"),
            FieldDef("move_deadline", DATE, "搬迁期限"),
        ),
    ),
    _plugin(
        "compensation_decision",
        households.decide_compensation,
        (
            HOUSEHOLD,
            FieldDef("decided_on", DATE, "决定日期"),
            METHOD,
            FieldDef("amount", MONEY, "补偿金额（元）"),
            FieldDef("move_deadline", DATE, "搬迁期限"),
            FieldDef("published_in_area_on", DATE, "在征收范围内公告日期"),
            FieldDef("served_on", DATE, "送达日期"),
        ),
        owner="被征收人",
    ),
    _plugin(
        "compensation_results_published",
        households.publish_results,
        (FieldDef("published_on", DATE, "公布日期"), FieldDef("places", LINE, "公布地点")),
        households="分户补偿情况",
    ),
    _plugin(
        "household_moved_out",
        households.record_move_out,
        (HOUSEHOLD, FieldDef("moved_on", DATE, "搬迁日期")),
    ),
    _plugin(
        "household_remedy",
        households.record_household_remedy,
        (HOUSEHOLD, FieldDef("filed_on", DATE, "申请复议或起诉日期")),
    ),
    _plugin(
        "household_remedy_concluded",
        households.record_household_remedy_end,
        (
            HOUSEHOLD,
            FieldDef(
                "concluded_on",
                DATE,
                "结束日期",
                help_text="复议决定书送达之日或裁判生效之日",
            ),
            FieldDef(
                "remedy_outcome", CHOICE, "复议或诉讼结果", choices=tuple(RemedyOutcome.choices)
            ),
        ),
        remedy_outcome_label="复议或诉讼结果",
    ),
    _plugin(
        "court_move_application",
        households.apply_to_court,
        (
            HOUSEHOLD,
            FieldDef("applied_on", DATE, "申请日期"),
            FieldDef("court", LINE, "受理申请的人民法院"),
            FieldDef("demand_served_on", DATE, "催告书送达日期", required=False),
        ),
        owner="被征收人",
    ),
    # Levies.
    _plugin(
        "levy_assessment",
        levy.assess_levy,
        (
            FieldDef("legal_basis", TEXT, "征收依据"),
            FieldDef("base_description", TEXT, "计征依据"),
            FieldDef("base", MONEY, "计征基数（金额或数量）", required=False),
            FieldDef(
                "rate",
                RATE,
                "征收标准（费率或单价）",
                required=False,
                help_text="费率 3% 填 0.03；单价每平方米600元填 600",
            ),
            FieldDef("fixed_amount", MONEY, "定额（元）", required=False),
            FieldDef("late_fee_basis", LINE, "滞纳金依据", required=False),
            FieldDef("late_fee_daily_rate", RATE, "滞纳金日费率", required=False),
        ),
        amount="核定征收数额（元）",
    ),
    _plugin(
        "levy_notice",
        levy.issue_levy_notice,
        (
            FieldDef("issued_on", DATE, "通知日期"),
            FieldDef("due_on", DATE, "缴款期限"),
            FieldDef("payment_method", LINE, "缴款方式"),
            FieldDef("remedy_channels", TEXT, "救济途径"),
        ),
        amount="应缴金额（元）",
    ),
    _plugin(
        "levy_reduction",
        levy.decide_reduction,
        (
            FieldDef("decided_on", DATE, "决定日期"),
            FieldDef("reduction_kind", CHOICE, "减免方式", choices=tuple(REDUCTION_KINDS.items())),
            FieldDef("amount", MONEY, "减征金额（元）", required=False, help_text="免征时不填"),
            FieldDef("legal_basis", TEXT, "减免依据"),
            FieldDef("reason", TEXT, "减免理由"),
        ),
        reduction_kind_label="减免方式",
    ),
    _plugin(
        "levy_service",
        levy.serve_levy_notice,
        (FieldDef("served_on", DATE, "送达日期"), FieldDef("method", LINE, "送达方式")),
    ),
    _plugin(
        "levy_payment",
        levy.record_levy_payment,
        (FieldDef("paid_on", DATE, "缴纳日期"), FieldDef("amount", MONEY, "缴纳金额（元）")),
        owed_after="缴纳后尚欠（元）",
    ),
    _plugin(
        "levy_late_fee",
        levy.charge_late_fee,
        (FieldDef("as_of", DATE, "计算截止日期"),),
        late_fee="滞纳金（元）",
        days="计收滞纳金天数",
        paused_days="复议、诉讼期间不计收天数",
    ),
    # Requisitions.
    _plugin(
        "requisition_decision",
        requisition.decide_requisition,
        (
            FieldDef("decided_on", DATE, "决定日期"),
            FieldDef("legal_basis", TEXT, "征用依据"),
            FieldDef("emergency", TEXT, "征用事由"),
            FieldDef("items", TEXT, "征用物品或场所（每行一项）"),
            FieldDef("period", LINE, "征用期限"),
        ),
    ),
    _plugin(
        "requisition_handover",
        requisition.record_handover,
        (
            FieldDef("handed_over_on", DATE, "交接日期"),
            FieldDef("items", TEXT, "交接物品（每行一项）"),
            FieldDef("condition", TEXT, "交接时状况"),
        ),
    ),
    _plugin(
        "requisition_return",
        requisition.record_return,
        (
            FieldDef("returned_on", DATE, "返还日期"),
            FieldDef(
                "items", TEXT, "返还物品及状况", help_text="每行一项，写成“名称：完好/毁损/灭失”"
            ),
        ),
        damaged_or_lost="毁损、灭失物品",
    ),
    _plugin(
        "requisition_compensation",
        requisition.decide_compensation,
        (
            FieldDef("decided_on", DATE, "决定日期"),
            FieldDef("amount", MONEY, "补偿金额（元）"),
            FieldDef("legal_basis", TEXT, "补偿依据"),
            FieldDef("explanation", TEXT, "补偿事项和计算方法"),
        ),
        damaged_or_lost="毁损、灭失物品",
    ),
)


def register_all() -> None:
    for plugin in PLUGINS:
        register_step(plugin)
