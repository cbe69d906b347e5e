"""Forms of the review loop pages: submission, opinion, objection, extension and flags.

The forms only shape the input. Every rule (materials that block, opinions that are refused,
who may act) lives in ``zhifa.review.actions``, whose errors the views put beside the field
they name.
"""

from collections.abc import Iterable
from typing import Any

from django import forms

from zhifa.cases.models import Document
from zhifa.review.actions.opinions import CHECKLIST_NOTE_MAX
from zhifa.review.models import (
    ChecklistItem,
    Conclusion,
    LeadershipDecision,
    MajorFlag,
    MaterialRequirement,
    RequestState,
)

NOT_APPLICABLE_HELP = "本案不适用的，不勾选“已提交”，在说明中写“不适用：”和理由。"
CHECK_RESULTS = [("pass", "符合"), ("fail", "不符合"), ("na", "不适用")]


def material_field(code: str, part: str) -> str:
    """Return the form field name of one part (provided, note, document) of a material."""
    return f"material_{code}_{part}"


def checklist_field(code: str, part: str) -> str:
    """Return the form field name of one part (result, note) of a checklist item."""
    return f"check_{code}_{part}"


class RequestFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *RequestState.choices]
    )


class SubmissionForm(forms.Form):
    """送审: a summary, one row per required material and, on resubmission, the corrections."""

    summary = forms.CharField(label="送审说明", widget=forms.Textarea(attrs={"rows": 3}))
    correction_summary = forms.CharField(
        label="修改情况说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="重新送审时必填：说明根据上一轮审核意见作了哪些修改。",
    )

    def __init__(
        self,
        *args: Any,
        materials: Iterable[MaterialRequirement],
        documents: Iterable[Document],
        resubmission: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.materials = list(materials)
        if not resubmission:
            del self.fields["correction_summary"]
        document_choices = [("", "（不关联文书）")] + [
            (str(document.pk), f"{document.title} 第{document.version}版") for document in documents
        ]
        for material in self.materials:
            self.fields[material_field(material.code, "provided")] = forms.BooleanField(
                label=f"已提交：{material.name}", required=False
            )
            self.fields[material_field(material.code, "note")] = forms.CharField(
                label=f"{material.name}说明",
                required=False,
                max_length=300,
                help_text=NOT_APPLICABLE_HELP,
            )
            self.fields[material_field(material.code, "document")] = forms.TypedChoiceField(
                label=f"{material.name}对应文书",
                required=False,
                choices=document_choices,
                coerce=int,
                empty_value=None,
            )

    def material_rows(self) -> list[dict[str, Any]]:
        """Return each material with its three bound fields, for the template's table."""
        return [
            {
                "material": material,
                "provided": self[material_field(material.code, "provided")],
                "note": self[material_field(material.code, "note")],
                "document": self[material_field(material.code, "document")],
            }
            for material in self.materials
        ]


class OpinionForm(forms.Form):
    """法制审核意见: the checklist, the conclusion and the reasoned findings."""

    conclusion = forms.ChoiceField(
        label="审核结论", choices=Conclusion.choices, widget=forms.RadioSelect
    )
    legality = forms.CharField(label="合法性审核意见", widget=forms.Textarea(attrs={"rows": 4}))
    reasonableness = forms.CharField(
        label="合理性审核意见", widget=forms.Textarea(attrs={"rows": 4})
    )
    corrections = forms.CharField(
        label="修改意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="结论为“建议修改后提交”或“不同意”时必填。",
    )
    participant_ids = forms.TypedMultipleChoiceField(
        label="参与审核的法律顾问、公职律师",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    participant_note = forms.CharField(label="其他参与人员", required=False, max_length=300)

    def __init__(
        self,
        *args: Any,
        items: Iterable[ChecklistItem],
        participants: Iterable[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        participant_field = self.fields["participant_ids"]
        assert isinstance(participant_field, forms.TypedMultipleChoiceField)  # noqa: S101 - declared above
        participant_field.choices = list(participants)
        for item in self.items:
            # Unanswered items are refused by the action with the item's name, not here.
            self.fields[checklist_field(item.code, "result")] = forms.ChoiceField(
                label=item.label, required=False, choices=CHECK_RESULTS, widget=forms.RadioSelect
            )
            self.fields[checklist_field(item.code, "note")] = forms.CharField(
                label=f"{item.label}说明", required=False, max_length=CHECKLIST_NOTE_MAX
            )

    def checklist_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "item": item,
                "result": self[checklist_field(item.code, "result")],
                "note": self[checklist_field(item.code, "note")],
            }
            for item in self.items
        ]


class ReasonForm(forms.Form):
    """One reason, for an objection, an extension or a withdrawal."""

    reasons = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="领导决定", choices=LeadershipDecision.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(label="决定理由", widget=forms.Textarea(attrs={"rows": 3}))


class FlagForm(forms.Form):
    code = forms.ChoiceField(label="情形", choices=MajorFlag.choices)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class FlagClearForm(forms.Form):
    reason = forms.CharField(label="撤销理由", max_length=300)
