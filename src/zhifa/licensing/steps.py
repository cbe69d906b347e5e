"""The licensing steps with fields of their own, registered as ``StepPlugin``s.

The page form and the API both call the action with the same values by name. The form's
fields and the API schema of each step use the keyword arguments of its action as names.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from pydantic import BaseModel

from zhifa.accounts.models import User
from zhifa.agencies.models import Officer
from zhifa.cases.actions._common import StepInput
from zhifa.cases.models import Case, CaseStep
from zhifa.cases.plugins import StepPlugin, register_step
from zhifa.licensing import actions, rules
from zhifa.licensing.actions.application import ACCEPTANCE_OUTCOMES
from zhifa.licensing.actions.decision import DECISION_OUTCOMES, SERVICE_METHODS
from zhifa.licensing.actions.disposal import ANNULMENT_GROUNDS, CANCELLATION_GROUNDS
from zhifa.licensing.actions.hearing import HEARING_GROUNDS
from zhifa.licensing.models import DisposalKind, LicenceType
from zhifa.licensing.procedures import WITHDRAWAL_STEPS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REMEDY_TEXT = "可以自收到本决定之日起六十日内申请行政复议，或者六个月内向人民法院提起行政诉讼"


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_INPUT)


def _text(label: str, required: bool = True, initial: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, initial=initial, widget=forms.Textarea(attrs={"rows": 3})
    )


def _line(label: str, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=200)


def _presiding_field() -> forms.ChoiceField:
    # The options are the agency's officers (``_presiding_choices``); the action checks that
    # the one chosen did not review the application (行政许可法 Art. 48).
    return forms.ChoiceField(label="听证主持人")


def _presiding_choices(case: Case) -> dict[str, list[tuple[Any, str]]]:
    names = (
        Officer.objects.filter(agency_id=case.agency_id, is_active=True)
        .order_by("full_name")
        .values_list("full_name", flat=True)
        .distinct()
    )
    return {"presiding_officer": [(name, name) for name in names]}


def _applicant_choices(case: Case) -> dict[str, list[tuple[Any, str]]]:
    return {"applicant_id": [(party.pk, party.name) for party in case.parties.order_by("pk")]}


def _applicant_field() -> forms.TypedChoiceField:
    # The options are the case's parties (``_applicant_choices``). The action accepts an empty
    # choice only when the case has a single party.
    return forms.TypedChoiceField(
        label="申请人（本案有多个当事人时必选）", required=False, coerce=int, empty_value=None
    )


def _choice(label: str, choices: dict[str, str], required: bool = True) -> forms.ChoiceField:
    blank = [] if required else [("", "（不适用）")]
    return forms.ChoiceField(label=label, required=required, choices=blank + list(choices.items()))


Action = Callable[..., CaseStep]


def _perform(action: Action) -> Callable[[User, Case, StepInput, dict[str, Any]], CaseStep]:
    """Adapt an action to the plugin call: the values become its keyword arguments."""

    def perform(user: User, case: Case, step: StepInput, values: dict[str, Any]) -> CaseStep:
        return action(user, case, step, **values)

    return perform


class ApplicationFields(BaseModel):
    received_on: datetime.date
    materials: str
    commitment_based: bool = False
    applicant_id: int | None = None


class SupplementFields(BaseModel):
    requested_on: datetime.date
    missing_materials: str


class AcceptanceFields(BaseModel):
    outcome: str
    decided_on: datetime.date
    reasons: str = ""
    remedy_channels: str = ""


class ReviewFields(BaseModel):
    opinion: str


class ExcludedPeriodFields(BaseModel):
    excluded_kind: str
    period_start: datetime.date
    period_end: datetime.date
    told_on: datetime.date | None = None


class ExtensionReasonFields(BaseModel):
    reason: str


class HearingAnnouncementFields(BaseModel):
    hearing_ground: str
    legal_basis: str
    announced_on: datetime.date


class HearingRightFields(BaseModel):
    told_on: datetime.date
    notified_persons: str


class HearingRequestFields(BaseModel):
    requested_on: datetime.date
    requester: str


class HearingNoticeFields(BaseModel):
    notified_on: datetime.date
    hearing_on: datetime.date
    hearing_place: str
    presiding_officer: str


class HearingRecordFields(BaseModel):
    held_on: datetime.date
    presiding_officer: str


class LicenseDecisionFields(BaseModel):
    outcome: str
    decided_on: datetime.date
    legal_basis: str
    content: str = ""
    reasons: str = ""
    remedy_channels: str = ""


class LicenseServiceFields(BaseModel):
    served_on: datetime.date
    method: str


class LicenceIssueFields(BaseModel):
    licence_number: str
    certificate_name: str
    license_type: str = LicenceType.GENERAL
    valid_from: datetime.date
    valid_to: datetime.date
    scope: str
    issued_on: datetime.date


class FollowUpFields(BaseModel):
    inspection_case_number: str
    done_on: datetime.date


class DisposalLicenceFields(BaseModel):
    licence_number: str


class DisposalDecisionFields(BaseModel):
    disposal_kind: str
    decided_on: datetime.date
    grounds: str
    legal_basis: str
    public_interest_grounds: str = ""
    compensation_plan: str = ""
    changed_content: str = ""
    annulment_ground: str = ""
    damages: Decimal | None = None
    cancellation_ground: str = ""


PLUGINS = (
    StepPlugin(
        "license_application",
        {
            "applicant_id": _applicant_field(),
            "received_on": _date("收到申请材料日期"),
            "materials": _text("申请材料清单"),
            "commitment_based": forms.BooleanField(
                label="申请人书面承诺符合条件（告知承诺）", required=False
            ),
        },
        ApplicationFields,
        _perform(actions.record_application),
        {
            "applicant_name": "申请人",
            "received_on": "收到申请材料日期",
            "license_item": "许可事项",
            "commitment_based": "告知承诺",
            "supplement_deadline": "一次性告知补正期限",
        },
        choices=_applicant_choices,
    ),
    StepPlugin(
        "supplement_request",
        {
            "requested_on": _date("告知补正日期"),
            "missing_materials": _text("需要补正的全部材料（每行一项）"),
        },
        SupplementFields,
        _perform(actions.request_supplement),
        {
            "missing_materials": "需要补正的材料",
            "deadline": "告知期限",
            "deemed_accepted_on": "视为受理日期",
        },
    ),
    StepPlugin(
        "acceptance_decision",
        {
            "outcome": _choice("受理决定", ACCEPTANCE_OUTCOMES),
            "decided_on": _date("决定日期"),
            "reasons": _text("不予受理的理由", required=False),
            "remedy_channels": _text("救济途径", required=False, initial=REMEDY_TEXT),
        },
        AcceptanceFields,
        _perform(actions.decide_acceptance),
        {"outcome_label": "受理决定", "reasons": "不予受理的理由"},
    ),
    StepPlugin(
        "license_review",
        {"opinion": _text("审查意见")},
        ReviewFields,
        _perform(actions.record_review),
        {"opinion": "审查意见"},
    ),
    StepPlugin(
        "excluded_period",
        {
            "excluded_kind": _choice("扣除事项", rules.EXCLUDED_KINDS),
            "period_start": _date("开始日期"),
            "period_end": _date("结束日期"),
            "told_on": _date("书面告知申请人日期"),
        },
        ExcludedPeriodFields,
        _perform(actions.record_excluded_period),
        {"excluded_label": "扣除事项", "working_days": "扣除工作日数"},
    ),
    StepPlugin(
        "license_extension",
        {"reason": _text("延长理由")},
        ExtensionReasonFields,
        _perform(actions.extend_decision_period),
        {"days": "延长工作日数", "reason": "延长理由"},
    ),
    StepPlugin(
        "hearing_announcement",
        {
            "hearing_ground": _choice("听证事由", HEARING_GROUNDS),
            "legal_basis": _text("听证依据"),
            "announced_on": _date("公告日期"),
        },
        HearingAnnouncementFields,
        _perform(actions.announce_hearing),
        {"hearing_ground_label": "听证事由", "announced_on": "公告日期"},
    ),
    StepPlugin(
        "hearing_right_notice",
        {
            "told_on": _date("告知日期"),
            "notified_persons": _text("被告知的申请人和利害关系人（每行一人）"),
        },
        HearingRightFields,
        _perform(actions.notify_hearing_right),
        {"notified_persons": "被告知人", "request_deadline": "申请听证期限"},
    ),
    StepPlugin(
        "license_hearing_request",
        {"requested_on": _date("申请日期"), "requester": _line("申请人")},
        HearingRequestFields,
        _perform(actions.request_license_hearing),
        {"requester": "听证申请人", "hearing_deadline": "组织听证期限"},
    ),
    StepPlugin(
        "license_hearing_notice",
        {
            "notified_on": _date("通知日期"),
            "hearing_on": _date("听证日期"),
            "hearing_place": _line("听证地点"),
            "presiding_officer": _presiding_field(),
        },
        HearingNoticeFields,
        _perform(actions.schedule_license_hearing),
        {"hearing_on": "听证日期", "hearing_place": "听证地点", "presiding_officer": "听证主持人"},
        choices=_presiding_choices,
    ),
    StepPlugin(
        "license_hearing_record",
        {"held_on": _date("听证日期"), "presiding_officer": _presiding_field()},
        HearingRecordFields,
        _perform(actions.record_license_hearing),
        {"held_on": "举行日期", "presiding_officer": "听证主持人"},
        choices=_presiding_choices,
    ),
    StepPlugin(
        "license_decision",
        {
            "outcome": _choice("许可决定", DECISION_OUTCOMES),
            "decided_on": _date("决定日期"),
            "legal_basis": _text("法律依据"),
            "content": _text("许可内容（准予时填写）", required=False),
            "reasons": _text("不予许可的理由（不予时填写）", required=False),
            "remedy_channels": _text("救济途径", required=False, initial=REMEDY_TEXT),
        },
        LicenseDecisionFields,
        _perform(actions.decide_license),
        {
            "outcome_label": "许可决定",
            "deadline": "决定期限",
            "content": "许可内容",
            "reasons": "不予许可的理由",
            "follow_up_due": "告知承诺核查期限",
        },
    ),
    StepPlugin(
        "license_decision_service",
        {"served_on": _date("送达日期"), "method": _choice("送达方式", SERVICE_METHODS)},
        LicenseServiceFields,
        _perform(actions.serve_license_decision),
        {"served_on": "送达日期", "method_label": "送达方式"},
    ),
    StepPlugin(
        "license_issued",
        {
            "licence_number": _line("许可编号"),
            "certificate_name": _line("许可证书名称"),
            "license_type": _choice("许可类别", dict(LicenceType.choices)),
            "valid_from": _date("有效期自"),
            "valid_to": _date("有效期至"),
            "scope": _text("许可范围"),
            "issued_on": _date("发证日期"),
        },
        LicenceIssueFields,
        _perform(actions.issue_licence),
        {
            "licence_number": "许可编号",
            "valid_from": "有效期自",
            "valid_to": "有效期至",
            "deadline": "发证期限",
        },
    ),
    StepPlugin(
        "commitment_follow_up",
        {
            "inspection_case_number": _line("核查所立行政检查案件的案号"),
            "done_on": _date("核查完成日期"),
        },
        FollowUpFields,
        _perform(actions.link_follow_up),
        {"inspection_case_number": "核查案件", "done_on": "核查完成日期", "due_on": "核查期限"},
    ),
    StepPlugin(
        "disposal_licence",
        {"licence_number": _line("许可编号")},
        DisposalLicenceFields,
        _perform(actions.select_licence),
        {"licence_number": "许可编号", "certificate_name": "许可证书名称"},
    ),
    StepPlugin(
        "disposal_decision",
        {
            "disposal_kind": _choice("决定类型", dict(DisposalKind.choices)),
            "decided_on": _date("决定日期"),
            "grounds": _text("事实和理由"),
            "legal_basis": _text("法律依据"),
            "public_interest_grounds": _text("公共利益事由（变更、撤回）", required=False),
            "compensation_plan": _text("补偿方案（变更、撤回）", required=False),
            "changed_content": _text("变更内容（变更）", required=False),
            "annulment_ground": _choice("撤销事由（撤销）", ANNULMENT_GROUNDS, required=False),
            "damages": forms.DecimalField(
                label="赔偿金额（撤销，元）", required=False, min_value=0, decimal_places=2
            ),
            "cancellation_ground": _choice(
                "注销情形（注销）", CANCELLATION_GROUNDS, required=False
            ),
        },
        DisposalDecisionFields,
        _perform(actions.decide_disposal),
        {
            "disposal_label": "决定类型",
            "compensation_plan": "补偿方案",
            "annulment_ground_label": "撤销事由",
            "damages": "赔偿金额（元）",
            "cancellation_ground_label": "注销情形",
        },
    ),
)


class WithdrawalFields(BaseModel):
    """The withdrawal has no fields of its own: the step's summary and file record it."""


def _withdraw(user: User, case: Case, step: StepInput, values: dict[str, Any]) -> CaseStep:
    return actions.withdraw_application(user, case, step)


# A plug-in step, not a generic one, so that the action can reject a withdrawal once the
# application has been decided on.
WITHDRAWAL_PLUGINS = tuple(
    StepPlugin(code, {}, WithdrawalFields, _withdraw) for code in WITHDRAWAL_STEPS
)


def register_all() -> None:
    for plugin in (*PLUGINS, *WITHDRAWAL_PLUGINS):
        register_step(plugin)
