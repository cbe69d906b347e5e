"""The stages and steps of coercive measures and of compulsory enforcement (行政强制法).

A coercive measure is approved (or taken on the spot in an emergency), imposed, kept for
its period and then ended by release, confiscation or destruction. Compulsory enforcement
starts from the decision it enforces, serves the demand (催告), hears the party, decides,
and carries out the enforcement, or applies to the court.
"""

from zhifa.cases.models import CaseKind, Stage
from zhifa.cases.stages import Procedure, StepSpec

_DECISION_ON = frozenset({Stage.EXECUTION})
_LATER = frozenset({Stage.DECISION, Stage.EXECUTION})

MEASURE_ENDS = {
    "measure_released": "解除强制措施",
    "measure_confiscated": "依法没收",
    "measure_destroyed": "依法销毁",
}

COERCIVE_MEASURE = Procedure(
    kind=CaseKind.COERCIVE_MEASURE,
    stages=(Stage.INITIATION, Stage.DECISION, Stage.EXECUTION, Stage.CLOSING),
    steps={
        spec.code: spec
        for spec in (
            StepSpec("case_opened", "案件登记", Stage.INITIATION),
            StepSpec(
                "measure_approval",
                "行政机关负责人批准实施强制措施",
                Stage.INITIATION,
                needs_approval=True,
                head_approval=True,  # 行政强制法 Art. 18
                also_in=frozenset({Stage.DECISION}),
            ),
            StepSpec("measure_imposed", "实施查封、扣押", Stage.DECISION, on_site=True),
            StepSpec("deposits_frozen", "实施冻结", Stage.DECISION),
            StepSpec(
                "emergency_report",
                "紧急情况当场实施后向负责人报告",
                Stage.DECISION,
                also_in=_DECISION_ON,
            ),
            StepSpec(
                "emergency_approval",
                "负责人补办批准",
                Stage.DECISION,
                needs_approval=True,
                head_approval=True,  # 行政强制法 Art. 19
                also_in=_DECISION_ON,
            ),
            StepSpec(
                "freezing_decision_served", "冻结决定书交付", Stage.DECISION, also_in=_DECISION_ON
            ),
            StepSpec(
                "remedy_filed", "申请行政复议或提起行政诉讼", Stage.DECISION, also_in=_DECISION_ON
            ),
            StepSpec(
                "remedy_concluded", "行政复议或行政诉讼结束", Stage.DECISION, also_in=_DECISION_ON
            ),
            StepSpec(
                "measure_extended",
                "延长强制措施期限",
                Stage.EXECUTION,
                needs_approval=True,
                head_approval=True,  # 行政强制法 Art. 25
            ),
            StepSpec("testing_period", "检测、检验、检疫或技术鉴定期间", Stage.EXECUTION),
            *(StepSpec(code, label, Stage.EXECUTION) for code, label in MEASURE_ENDS.items()),
            StepSpec("closing_approval", "结案审批", Stage.CLOSING, needs_approval=True),
        )
    },
    # One recorded end completes the stage; a measure still in force blocks closing through
    # the closing check registered in ``registration``.
    required={
        Stage.DECISION: (("measure_imposed", "deposits_frozen"),),
        Stage.EXECUTION: (tuple(MEASURE_ENDS),),
    },
    stage_labels={
        Stage.INITIATION: "启动与审批",
        Stage.DECISION: "实施强制措施",
        Stage.EXECUTION: "期限与处理",
    },
    decisions=frozenset({"measure_imposed", "deposits_frozen"}),
    # A case may hold several measures, so only the opening and the closing are once-only.
    once=frozenset({"case_opened", "closing_approval"}),
)

COERCIVE_MEASURE_TRANSITIONS = frozenset(
    {
        (Stage.INITIATION, Stage.DECISION),
        (Stage.DECISION, Stage.EXECUTION),
        (Stage.EXECUTION, Stage.CLOSING),
    }
)

# Steps that settle a compulsory enforcement case in the execution stage. The court
# application settles a case in the decision stage, where it belongs, and a case closes from
# there (an agency without the power of enforcement never reaches the execution stage).
ENFORCEMENT_SETTLING = (
    "enforcement_carried_out",
    "substitute_performed",
    "immediate_substitute_notice",
    "obligation_performed",
    "enforcement_terminated",
)

COMPULSORY_ENFORCEMENT = Procedure(
    kind=CaseKind.COMPULSORY_ENFORCEMENT,
    stages=(
        Stage.INITIATION,
        Stage.INVESTIGATION,
        Stage.DECISION,
        Stage.EXECUTION,
        Stage.CLOSING,
    ),
    steps={
        spec.code: spec
        for spec in (
            StepSpec("case_opened", "案件登记", Stage.INITIATION),
            StepSpec("enforcement_basis", "执行依据", Stage.INITIATION),
            StepSpec(
                "basis_changed",
                "执行依据变更",
                Stage.INITIATION,
                also_in=frozenset({Stage.INVESTIGATION, Stage.DECISION, Stage.EXECUTION}),
            ),
            StepSpec("demand_served", "催告书送达", Stage.INVESTIGATION),
            StepSpec(
                "demand_statement",
                "当事人陈述申辩",
                Stage.INVESTIGATION,
                also_in=frozenset({Stage.DECISION}),
                follow_up="demand_statement_review",
            ),
            StepSpec(
                "demand_statement_review",
                "陈述申辩复核",
                Stage.INVESTIGATION,
                also_in=frozenset({Stage.DECISION}),
            ),
            StepSpec("enforcement_decision", "行政强制执行决定", Stage.DECISION),
            StepSpec("substitute_decision", "代履行决定", Stage.DECISION, also_in=_DECISION_ON),
            StepSpec("immediate_substitute", "立即代履行", Stage.DECISION, on_site=True),
            StepSpec(
                "court_application", "申请人民法院强制执行", Stage.DECISION, also_in=_DECISION_ON
            ),
            StepSpec(
                "remedy_filed", "申请行政复议或提起行政诉讼", Stage.DECISION, also_in=_DECISION_ON
            ),
            StepSpec(
                "remedy_concluded", "行政复议或行政诉讼结束", Stage.DECISION, also_in=_DECISION_ON
            ),
            StepSpec(
                "immediate_substitute_notice",
                "立即代履行事后通知当事人",
                Stage.EXECUTION,
                also_in=frozenset({Stage.DECISION}),
            ),
            StepSpec(
                "late_charge",
                "加处罚款或滞纳金",
                Stage.EXECUTION,
                also_in=frozenset({Stage.INITIATION, Stage.INVESTIGATION, Stage.DECISION}),
            ),
            StepSpec("substitute_demand", "代履行前催告", Stage.EXECUTION),
            StepSpec("substitute_performed", "实施代履行", Stage.EXECUTION, on_site=True),
            StepSpec("enforcement_carried_out", "实施强制执行", Stage.EXECUTION, on_site=True),
            StepSpec("enforcement_suspended", "中止执行", Stage.EXECUTION, also_in=_LATER),
            StepSpec("enforcement_resumed", "恢复执行", Stage.EXECUTION),
            StepSpec("enforcement_terminated", "终结执行", Stage.EXECUTION),
            StepSpec("enforcement_agreement", "执行协议", Stage.EXECUTION),
            StepSpec("agreement_breached", "当事人不履行执行协议，恢复强制执行", Stage.EXECUTION),
            StepSpec("obligation_performed", "当事人履行义务", Stage.EXECUTION),
            StepSpec("closing_approval", "结案审批", Stage.CLOSING, needs_approval=True),
        )
    },
    required={
        Stage.INVESTIGATION: (("demand_served",),),
        Stage.DECISION: (
            (
                "enforcement_decision",
                "substitute_decision",
                "immediate_substitute",
                "court_application",
            ),
        ),
        Stage.EXECUTION: (ENFORCEMENT_SETTLING,),
    },
    stage_labels={
        Stage.INITIATION: "启动与执行依据",
        Stage.INVESTIGATION: "催告与陈述申辩",
        Stage.DECISION: "强制执行决定",
        Stage.EXECUTION: "执行",
    },
    decisions=frozenset({"enforcement_decision", "substitute_decision", "immediate_substitute"}),
    # One decision of each kind settles what is enforced and how; a wrong record is corrected,
    # not repeated. Demands (a second one follows 30 days of charges, Art. 46), charges,
    # enforcement sessions, suspensions and agreements may recur and are left out.
    once=frozenset(
        {
            "case_opened",
            "enforcement_basis",
            "enforcement_decision",
            "substitute_decision",
            "immediate_substitute",
            "immediate_substitute_notice",
            "court_application",
            "enforcement_terminated",
            "obligation_performed",
            "closing_approval",
        }
    ),
)

COMPULSORY_ENFORCEMENT_TRANSITIONS = frozenset(
    {
        (Stage.INITIATION, Stage.INVESTIGATION),
        # Immediate substitute performance (Art. 52) needs no prior demand.
        (Stage.INITIATION, Stage.DECISION),
        (Stage.INVESTIGATION, Stage.DECISION),
        (Stage.DECISION, Stage.EXECUTION),
        # A case that ends in the court application closes from the decision stage.
        (Stage.DECISION, Stage.CLOSING),
        (Stage.EXECUTION, Stage.CLOSING),
    }
)
