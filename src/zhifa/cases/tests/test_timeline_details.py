"""How the timeline shows the details of plug-in steps."""

from django import forms
from pydantic import BaseModel

from zhifa.cases.actions.links import doc_types_for_kind
from zhifa.cases.models import CaseKind
from zhifa.cases.plugins import StepPlugin
from zhifa.cases.views.timeline import _plugin_details


def test_plugin_details_use_own_labels_and_choice_labels() -> None:
    plugin = StepPlugin(
        "demo_service",
        {
            "method": forms.ChoiceField(choices=[("direct", "直接送达")]),
            "told": forms.BooleanField(required=False),
        },
        BaseModel,
        lambda user, case, step, values: None,
        {"method": "送达方式", "told": "已告知权利", "items": "物品清单"},
    )
    details = {
        "method": "direct",
        "told": False,
        "items": [{"name": "黄沙", "quantity": "3吨"}, {"name": "砖块", "quantity": ""}],
        # Another plugin labels "reason"; this step's own labels decide what is shown.
        "reason": "内部字段",
        "approved_by": "王局长",
    }

    shown = _plugin_details(plugin, details)

    assert shown == [
        ("送达方式", "直接送达"),
        ("已告知权利", "否"),
        ("物品清单", "黄沙，3吨；砖块"),
        ("审批人", "王局长"),
    ]


def test_document_types_follow_the_case_kind() -> None:
    penalty = dict(doc_types_for_kind(CaseKind.PENALTY_ORDINARY))
    licensing = dict(doc_types_for_kind(CaseKind.LICENSING))

    assert "penalty_decision" in penalty
    assert "penalty_decision" not in licensing
    assert licensing
    # The closing approval form is shared by every kind that closes by approval.
    assert set(licensing) & set(penalty) == {"closing_approval"}
