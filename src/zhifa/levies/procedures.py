"""The stages and steps of levies (行政征收), requisitions (行政征用) and housing expropriation."""

import itertools

from zhifa.cases.models import CaseKind, Stage
from zhifa.cases.stages import Procedure, StepSpec

_AFTER_SERVICE = frozenset({Stage.SERVICE, Stage.EXECUTION})


def _steps(*specs: StepSpec) -> dict[str, StepSpec]:
    return {spec.code: spec for spec in specs}


def _remedy_steps() -> tuple[StepSpec, StepSpec]:
    # The same two remedy steps as the penalty procedure; the remedies app records them.
    return (
        StepSpec(
            "remedy_filed", "申请行政复议或提起行政诉讼", Stage.SERVICE, also_in=_AFTER_SERVICE
        ),
        StepSpec(
            "remedy_concluded", "行政复议或行政诉讼结束", Stage.SERVICE, also_in=_AFTER_SERVICE
        ),
    )


_FORWARD = (
    Stage.INITIATION,
    Stage.INVESTIGATION,
    Stage.DECISION,
    Stage.SERVICE,
    Stage.EXECUTION,
    Stage.CLOSING,
)


def _forward_pairs(order: tuple[Stage, ...]) -> frozenset[tuple[Stage, Stage]]:
    return frozenset(itertools.pairwise(order))


LEVY = Procedure(
    kind=CaseKind.LEVY,
    stages=_FORWARD,
    steps=_steps(
        StepSpec("case_opened", "征收登记", Stage.INITIATION),
        StepSpec("levy_assessment", "核定征收数额", Stage.INVESTIGATION),
        StepSpec("levy_notice", "征收缴款通知", Stage.DECISION),
        # A reduction or exemption may be decided with the notice or later, before payment.
        StepSpec(
            "levy_reduction",
            "减免决定",
            Stage.EXECUTION,
            needs_approval=True,
            also_in=frozenset({Stage.DECISION, Stage.SERVICE}),
        ),
        StepSpec("levy_service", "送达缴款通知书", Stage.SERVICE),
        *_remedy_steps(),
        StepSpec("levy_payment", "缴纳", Stage.EXECUTION),
        StepSpec("levy_late_fee", "加收滞纳金", Stage.EXECUTION),
        StepSpec("closing_approval", "结案审批", Stage.CLOSING, needs_approval=True),
    ),
    required={
        Stage.INVESTIGATION: (("levy_assessment",),),
        Stage.DECISION: (("levy_notice",),),
        Stage.SERVICE: (("levy_service",),),
        Stage.EXECUTION: (("levy_payment", "levy_reduction"),),
    },
    stage_labels={
        Stage.INVESTIGATION: "核定",
        Stage.DECISION: "征收决定",
        Stage.EXECUTION: "缴纳",
    },
    decisions=frozenset({"levy_notice"}),
)

_REQUISITION_ORDER = (
    Stage.INITIATION,
    Stage.DECISION,
    Stage.SERVICE,
    Stage.EXECUTION,
    Stage.CLOSING,
)

REQUISITION = Procedure(
    kind=CaseKind.REQUISITION,
    stages=_REQUISITION_ORDER,
    steps=_steps(
        StepSpec("case_opened", "征用登记", Stage.INITIATION),
        StepSpec("requisition_decision", "征用决定", Stage.DECISION, needs_approval=True),
        StepSpec("requisition_handover", "征用物品交接", Stage.SERVICE),
        *_remedy_steps(),
        StepSpec("requisition_return", "征用物品返还", Stage.EXECUTION),
        StepSpec("requisition_compensation", "征用补偿决定", Stage.EXECUTION, needs_approval=True),
        StepSpec("closing_approval", "结案审批", Stage.CLOSING, needs_approval=True),
    ),
    required={
        Stage.DECISION: (("requisition_decision",),),
        Stage.SERVICE: (("requisition_handover",),),
        Stage.EXECUTION: (("requisition_return",),),
    },
    stage_labels={
        Stage.DECISION: "征用决定",
        Stage.SERVICE: "交接",
        Stage.EXECUTION: "返还与补偿",
    },
    decisions=frozenset({"requisition_decision", "requisition_compensation"}),
)

# The preconditions of 国有土地上房屋征收与补偿条例 Art. 8-12, recorded before the decision.
PRECONDITION_STEPS = (
    "expropriation_ground",
    "compensation_plan_consultation",
    "consultation_results_published",
    "expropriation_hearing",
    "stability_assessment",
    "executive_meeting",
    "funds_deposited",
)

HOUSING_EXPROPRIATION = Procedure(
    kind=CaseKind.HOUSING_EXPROPRIATION,
    stages=_FORWARD,
    steps=_steps(
        StepSpec("case_opened", "征收项目登记", Stage.INITIATION),
        StepSpec("expropriation_ground", "公共利益事由和规划符合情况", Stage.INVESTIGATION),
        StepSpec("compensation_plan_consultation", "补偿方案公布征求意见", Stage.INVESTIGATION),
        StepSpec(
            "consultation_results_published", "征求意见情况和修改情况公布", Stage.INVESTIGATION
        ),
        StepSpec("expropriation_hearing", "旧城区改建听证会", Stage.INVESTIGATION),
        StepSpec("stability_assessment", "社会稳定风险评估", Stage.INVESTIGATION),
        StepSpec("executive_meeting", "区政府常务会议讨论", Stage.INVESTIGATION),
        StepSpec("funds_deposited", "补偿费用足额到位、专户存储", Stage.INVESTIGATION),
        StepSpec("expropriation_decision", "房屋征收决定", Stage.DECISION, needs_approval=True),
        StepSpec("expropriation_announcement", "房屋征收决定公告", Stage.SERVICE),
        *_remedy_steps(),
        StepSpec("household_valuation", "分户评估", Stage.EXECUTION),
        StepSpec("compensation_agreement", "签订补偿协议", Stage.EXECUTION),
        StepSpec("compensation_decision", "房屋征收补偿决定", Stage.EXECUTION, needs_approval=True),
        StepSpec("compensation_results_published", "分户补偿情况公布", Stage.EXECUTION),
        StepSpec("household_moved_out", "被征收人搬迁", Stage.EXECUTION),
        StepSpec("household_remedy", "被征收人申请复议或提起诉讼", Stage.EXECUTION),
        StepSpec("household_remedy_concluded", "被征收人复议或诉讼结束", Stage.EXECUTION),
        StepSpec("court_move_application", "申请人民法院强制执行", Stage.EXECUTION),
        StepSpec("closing_approval", "结案审批", Stage.CLOSING, needs_approval=True),
    ),
    required={
        Stage.INVESTIGATION: (
            ("expropriation_ground",),
            ("compensation_plan_consultation",),
            ("consultation_results_published",),
            ("stability_assessment",),
            ("funds_deposited",),
        ),
        Stage.DECISION: (("expropriation_decision",),),
        Stage.SERVICE: (("expropriation_announcement",),),
        Stage.EXECUTION: (("compensation_results_published",),),
    },
    stage_labels={
        Stage.INITIATION: "项目启动",
        Stage.INVESTIGATION: "征收前准备",
        Stage.DECISION: "征收决定",
        Stage.SERVICE: "公告",
        Stage.EXECUTION: "补偿与搬迁",
    },
    decisions=frozenset({"expropriation_decision", "compensation_decision"}),
    opened_on_page="登记征收项目",
)

TRANSITIONS = {
    CaseKind.LEVY: _forward_pairs(_FORWARD),
    CaseKind.REQUISITION: _forward_pairs(_REQUISITION_ORDER),
    CaseKind.HOUSING_EXPROPRIATION: _forward_pairs(_FORWARD),
}
PROCEDURES = (LEVY, REQUISITION, HOUSING_EXPROPRIATION)
