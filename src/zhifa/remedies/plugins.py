"""The ``remedy_filed`` and ``remedy_concluded`` steps: their page fields, API schema and action."""

import datetime
from typing import Any

from django import forms
from pydantic import BaseModel, Field

from zhifa.accounts.models import User
from zhifa.cases.actions import StepInput
from zhifa.cases.models import Case, CaseStep
from zhifa.cases.plugins import StepPlugin, register_step
from zhifa.remedies import actions
from zhifa.remedies.models import RemedyKind, RemedyOutcome

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RemedyFiledFields(BaseModel):
    kind: str = Field(description="reconsideration（行政复议）或 litigation（行政诉讼）")
    filed_on: datetime.date = Field(description="申请行政复议或提起行政诉讼的日期")
    body: str = Field(description="复议机关或受理法院")
    reference: str = Field(description="复议或诉讼案号")
    party_id: int = Field(description="申请人（原告），本案当事人 id")
    note: str = ""


class RemedyConcludedFields(BaseModel):
    outcome: str = Field(
        description=(
            "upheld 维持、changed 变更、revoked 撤销、confirmed_illegal 确认违法、"
            "confirmed_void 确认无效、rejected 驳回、terminated 终止"
        )
    )
    concluded_on: datetime.date = Field(description="复议决定书送达之日，或判决、裁定生效之日")
    reference: str = Field("", description="结束的复议或诉讼案号；有多件未结束时必填")
    note: str = ""


def _perform_filed(user: User, case: Case, step: StepInput, values: dict[str, Any]) -> CaseStep:
    data = actions.FilingInput(
        kind=values.get("kind") or "",
        filed_on=values.get("filed_on"),  # type: ignore[arg-type]  # None is rejected inside
        body=values.get("body") or "",
        reference=values.get("reference") or "",
        party_id=int(values.get("party_id") or 0),
        note=values.get("note") or "",
    )
    return actions.file_remedy(user, case, step, data)


def _perform_concluded(user: User, case: Case, step: StepInput, values: dict[str, Any]) -> CaseStep:
    data = actions.ConclusionInput(
        outcome=values.get("outcome") or "",
        concluded_on=values.get("concluded_on"),  # type: ignore[arg-type]  # None is rejected
        reference=values.get("reference") or "",
        note=values.get("note") or "",
    )
    return actions.conclude_remedy(user, case, step, data)


FILED = StepPlugin(
    code="remedy_filed",
    fields={
        "kind": forms.ChoiceField(label="救济类型", choices=[("", "请选择"), *RemedyKind.choices]),
        "filed_on": forms.DateField(label="申请或起诉日期", widget=DATE_INPUT),
        "body": forms.CharField(label="复议机关或受理法院", max_length=200),
        "reference": forms.CharField(label="复议或诉讼案号", max_length=100),
        # The case's step form fills the choices of a field named party_id with the parties.
        "party_id": forms.TypedChoiceField(label="申请人（原告）", coerce=int),
        "note": forms.CharField(label="备注", required=False, widget=forms.Textarea),
    },
    schema=RemedyFiledFields,
    perform=_perform_filed,
    detail_labels={
        "kind_label": "救济类型",
        "filed_on": "申请或起诉日期",
        "body": "复议机关或受理法院",
        "reference": "复议或诉讼案号",
        "applicant": "申请人（原告）",
    },
)

CONCLUDED = StepPlugin(
    code="remedy_concluded",
    fields={
        "outcome": forms.ChoiceField(
            label="结果", choices=[("", "请选择"), *RemedyOutcome.choices]
        ),
        "concluded_on": forms.DateField(
            label="结束日期",
            widget=DATE_INPUT,
            help_text="复议决定书送达之日，或判决、裁定生效之日。",
        ),
        "reference": forms.CharField(
            label="复议或诉讼案号",
            max_length=100,
            required=False,
            help_text="本案有多件未结束的复议或诉讼时必填。",
        ),
        "note": forms.CharField(label="备注", required=False, widget=forms.Textarea),
    },
    schema=RemedyConcludedFields,
    perform=_perform_concluded,
    detail_labels={
        "outcome_label": "复议或诉讼结果",
        "concluded_on": "结束日期",
        "withdraw_by": "撤回公示截止日期",
    },
)


def register() -> None:
    register_step(FILED)
    register_step(CONCLUDED)
