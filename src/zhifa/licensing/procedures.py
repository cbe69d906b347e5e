"""The stages and steps of a licensing case and of a later decision on a licence."""

from zhifa.cases.models import CaseKind, Stage
from zhifa.cases.stages import Procedure, StepSpec

_AFTER_DECISION = frozenset({Stage.SERVICE, Stage.EXECUTION})
# 不予受理 is a decision the applicant may challenge, and the case stays in its first stage
# until it closes, so the remedy steps are offered there too.
_REMEDY_STAGES = frozenset({Stage.INITIATION, *_AFTER_DECISION})
_REVIEW_AND_DECISION = frozenset({Stage.DECISION})


def _steps(*specs: StepSpec) -> dict[str, StepSpec]:
    return {spec.code: spec for spec in specs}


def _remedy_steps(also_in: frozenset[Stage]) -> tuple[StepSpec, StepSpec]:
    """Return the remedy steps as the penalty procedure declares them: home stage service."""
    return (
        StepSpec("remedy_filed", "申请行政复议或提起行政诉讼", Stage.SERVICE, also_in=also_in),
        StepSpec("remedy_concluded", "行政复议或行政诉讼结束", Stage.SERVICE, also_in=also_in),
    )


# The applicant may withdraw the application before the decision. Each stage has its own
# step code, because a stage's required steps must belong to that stage. Once a stage's
# required steps are recorded, the next stage's steps are offered as well, so the withdrawal
# of both stages is offered at once: each label names its stage to tell them apart.
WITHDRAWAL_STEPS = {
    "application_withdrawn": Stage.INITIATION,
    "withdrawn_in_review": Stage.INVESTIGATION,
    "withdrawn_before_decision": Stage.DECISION,
}
WITHDRAWAL_LABELS = {
    "application_withdrawn": "申请人撤回申请（申请与受理阶段）",
    "withdrawn_in_review": "申请人撤回申请（审查阶段）",
    "withdrawn_before_decision": "申请人撤回申请（决定阶段）",
}

LICENSING = Procedure(
    kind=CaseKind.LICENSING,
    stages=(
        Stage.INITIATION,
        Stage.INVESTIGATION,
        Stage.DECISION,
        Stage.SERVICE,
        Stage.EXECUTION,
        Stage.CLOSING,
    ),
    steps=_steps(
        StepSpec("case_opened", "申请登记", Stage.INITIATION),
        StepSpec("license_application", "申请材料接收", Stage.INITIATION),
        StepSpec("supplement_request", "一次性告知补正材料", Stage.INITIATION),
        StepSpec("materials_supplemented", "补正材料接收", Stage.INITIATION),
        StepSpec("acceptance_decision", "受理决定", Stage.INITIATION),
        *(
            StepSpec(code, WITHDRAWAL_LABELS[code], stage)
            for code, stage in WITHDRAWAL_STEPS.items()
        ),
        StepSpec("license_review", "审查", Stage.INVESTIGATION),
        StepSpec("site_verification", "现场核查", Stage.INVESTIGATION, on_site=True),
        StepSpec(
            "excluded_period",
            "期限扣除（听证、检验、检测、专家评审等）",
            Stage.INVESTIGATION,
            also_in=_REVIEW_AND_DECISION,
        ),
        StepSpec(
            "license_extension",
            "延长许可决定期限",
            Stage.INVESTIGATION,
            needs_approval=True,
            head_approval=True,  # 行政许可法 Art. 42
            also_in=_REVIEW_AND_DECISION,
        ),
        StepSpec(
            "hearing_announcement", "听证公告", Stage.INVESTIGATION, also_in=_REVIEW_AND_DECISION
        ),
        StepSpec(
            "hearing_right_notice",
            "告知听证权利",
            Stage.INVESTIGATION,
            also_in=_REVIEW_AND_DECISION,
        ),
        StepSpec(
            "license_hearing_request",
            "听证申请",
            Stage.INVESTIGATION,
            also_in=_REVIEW_AND_DECISION,
            follow_up="license_hearing_notice",
        ),
        StepSpec(
            "license_hearing_notice",
            "听证通知",
            Stage.INVESTIGATION,
            also_in=_REVIEW_AND_DECISION,
            follow_up="license_hearing_record",
        ),
        StepSpec(
            "license_hearing_record", "听证笔录", Stage.INVESTIGATION, also_in=_REVIEW_AND_DECISION
        ),
        StepSpec("license_decision", "许可决定", Stage.DECISION),
        StepSpec("license_decision_service", "送达许可决定", Stage.SERVICE),
        StepSpec("license_issued", "颁发许可证件", Stage.SERVICE),
        *_remedy_steps(_REMEDY_STAGES),
        StepSpec("commitment_follow_up", "告知承诺核查", Stage.EXECUTION),
        StepSpec("closing_approval", "结案审批", Stage.CLOSING, needs_approval=True),
    ),
    required={
        Stage.INITIATION: (
            ("license_application",),
            ("acceptance_decision", "application_withdrawn"),
        ),
        Stage.INVESTIGATION: (("license_review", "withdrawn_in_review"),),
        Stage.DECISION: (("license_decision", "withdrawn_before_decision"),),
        Stage.SERVICE: (("license_decision_service",),),
        Stage.EXECUTION: (("commitment_follow_up",),),
    },
    stage_labels={
        Stage.INITIATION: "申请与受理",
        Stage.INVESTIGATION: "审查",
        Stage.DECISION: "决定",
        Stage.SERVICE: "送达与发证",
        Stage.EXECUTION: "告知承诺核查",
        Stage.CLOSING: "结案",
    },
    # A remedy is linked to the latest of these: 不予受理, or the licensing decision.
    decisions=frozenset({"acceptance_decision", "license_decision"}),
    unchallengeable={"acceptance_decision": frozenset({"accepted"})},
    # A change of any of these is recorded as a correction of the first record. 行政许可法
    # Art. 42 allows one extension, and the licence register stores one licence and one
    # follow-up link per case. Reviews, hearings and excluded periods may recur.
    once=frozenset(
        {
            "license_application",
            "acceptance_decision",
            "license_extension",
            "license_decision",
            "license_decision_service",
            "license_issued",
            "commitment_follow_up",
            *WITHDRAWAL_STEPS,
        }
    ),
)

# A case ends without a decision after 不予受理 or a withdrawn application, so the stages
# before the decision may close. The compliance panel checks that one of those was recorded.
LICENSING_TRANSITIONS = frozenset(
    {
        (Stage.INITIATION, Stage.INVESTIGATION),
        (Stage.INITIATION, Stage.CLOSING),
        (Stage.INVESTIGATION, Stage.DECISION),
        (Stage.INVESTIGATION, Stage.CLOSING),
        (Stage.DECISION, Stage.SERVICE),
        (Stage.DECISION, Stage.CLOSING),
        (Stage.SERVICE, Stage.EXECUTION),
        (Stage.SERVICE, Stage.CLOSING),
        (Stage.EXECUTION, Stage.CLOSING),
    }
)

LICENSE_DISPOSAL = Procedure(
    kind=CaseKind.LICENSE_DISPOSAL,
    stages=(
        Stage.INITIATION,
        Stage.INVESTIGATION,
        Stage.DECISION,
        Stage.SERVICE,
        Stage.CLOSING,
    ),
    steps=_steps(
        StepSpec("case_opened", "立案登记", Stage.INITIATION),
        StepSpec("disposal_licence", "确定许可证件", Stage.INITIATION),
        StepSpec("disposal_investigation", "调查核实", Stage.INVESTIGATION),
        StepSpec("disposal_statement", "被许可人陈述申辩", Stage.INVESTIGATION),
        StepSpec("disposal_decision", "变更、撤回、撤销或注销决定", Stage.DECISION),
        StepSpec("disposal_service", "送达决定书", Stage.SERVICE),
        *_remedy_steps(frozenset({Stage.SERVICE})),
        StepSpec("closing_approval", "结案审批", Stage.CLOSING, needs_approval=True),
    ),
    required={
        Stage.INITIATION: (("disposal_licence",),),
        Stage.INVESTIGATION: (("disposal_investigation",),),
        Stage.DECISION: (("disposal_decision",),),
        Stage.SERVICE: (("disposal_service",),),
    },
    stage_labels={Stage.INITIATION: "立案", Stage.INVESTIGATION: "调查核实"},
    decisions=frozenset({"disposal_decision"}),
    # One case decides once on one licence; a change is recorded as a correction.
    once=frozenset({"disposal_licence", "disposal_decision", "disposal_service"}),
)

LICENSE_DISPOSAL_TRANSITIONS = frozenset(
    {
        (Stage.INITIATION, Stage.INVESTIGATION),
        (Stage.INVESTIGATION, Stage.DECISION),
        (Stage.DECISION, Stage.SERVICE),
        (Stage.SERVICE, Stage.CLOSING),
    }
)
