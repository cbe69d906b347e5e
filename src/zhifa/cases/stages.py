"""The stage machinery of cases, as data: which steps each case kind records, and in what order.

Each ``CaseKind`` has a ``Procedure`` with its stages in order and the steps (with Chinese
labels) that may be recorded in each stage. Step specs mark the on-site steps and the steps
that need an approver, and the procedure lists the steps required before a stage is left.
Recording a step whose home stage is a later stage moves the case there, if ``TRANSITIONS``
allows the pair and the stage being left is complete. Another case kind plugs in by adding
a ``Procedure`` to ``PROCEDURES`` and its stage pairs to ``TRANSITIONS``.

The penalty stages follow 行政处罚法 Art. 47 (启动、调查取证、审核、决定、送达、执行) plus closing.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from zhifa.cases.models.case import CaseKind, Stage


@dataclass(frozen=True)
class StepSpec:
    """One kind of step that may be recorded in a case.

    ``stage`` is the step's home stage: recording it from an earlier stage moves the case
    there. ``also_in`` lists other stages where it may be recorded without moving the case.
    ``follow_up`` names a step that must come after this one before the stage is left, for
    example the handling decision after evidence is preserved.
    """

    code: str
    label: str
    stage: Stage
    on_site: bool = False
    needs_approval: bool = False
    # The law names the agency head (行政机关负责人) as the approver, so a department head's
    # approval capability is not enough.
    head_approval: bool = False
    also_in: frozenset[Stage] = frozenset()
    follow_up: str = ""


@dataclass(frozen=True)
class Procedure:
    """The stage order and the steps of one case kind."""

    kind: CaseKind
    stages: tuple[Stage, ...]
    steps: dict[str, StepSpec]
    # Per stage, groups of step codes; each group needs at least one of its steps recorded
    # before the case leaves the stage forwards.
    required: dict[Stage, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # Steps that end the case without a penalty: once one is recorded, it alone completes the
    # decision stage, and the case may go from the decision stage straight to closing.
    outcomes: frozenset[str] = frozenset()
    # Names of stages in this kind's own words, e.g. 受理 for a licence's initiation stage.
    stage_labels: dict[Stage, str] = field(default_factory=dict)
    # Steps that record the kind's decisions a party may challenge by reconsideration or
    # litigation; a remedy is linked to the latest of them.
    decisions: frozenset[str] = frozenset()
    # Outcomes (``details["outcome"]``) of decision steps that grant the party what it asked and
    # that no one else can challenge, such as accepting an application for review (受理).
    unchallengeable: dict[str, frozenset[str]] = field(default_factory=dict)
    # Steps a case records at most once, such as the licensing decision; a change of one is
    # recorded through the correction flow.
    once: frozenset[str] = frozenset()
    # The label of the page that opens cases of this kind, when the generic case opening does
    # not (a housing expropriation is opened by registering its project and households).
    opened_on_page: str = ""

    @property
    def first_stage(self) -> Stage:
        return self.stages[0]

    def step(self, code: str) -> StepSpec | None:
        return self.steps.get(code)

    def steps_in(self, stage: Stage) -> list[StepSpec]:
        """Return the steps that may be recorded while the case is in ``stage``."""
        return [
            spec for spec in self.steps.values() if spec.stage == stage or stage in spec.also_in
        ]

    def index(self, stage: str) -> int:
        return self.stages.index(Stage(stage))

    def stage_label(self, stage: str) -> str:
        return self.stage_labels.get(Stage(stage), Stage(stage).label)


def _steps(*specs: StepSpec) -> dict[str, StepSpec]:
    return {spec.code: spec for spec in specs}


# The outcomes of 行政处罚法 Art. 57 other than a penalty decision. Each closes the case from
# the decision stage with no prior notice (Art. 44 requires one only before a penalty), no
# service of a penalty decision and nothing to execute.
NO_PENALTY_OUTCOMES: dict[str, str] = {
    "no_penalty_minor": "不予行政处罚（违法行为轻微并及时改正，没有造成危害后果）",
    "no_penalty_first_violation": "不予行政处罚（初次违法且危害后果轻微并及时改正）",
    "no_penalty_no_fault": "不予行政处罚（当事人没有主观过错）",
    "no_penalty_under_age": "不予行政处罚（不满十四周岁）",
    "no_penalty_not_established": "不予行政处罚（违法事实不能成立）",
    "transfer_to_judiciary": "移送司法机关",
}
# Steps that only another app records, each with the message that names where to record it.
# For example, the legal review step comes from an issued review opinion, never from a form.
RESERVED_STEPS: dict[str, str] = {}


def reserve_step(code: str, message: str) -> None:
    """Keep ``code`` out of the generic step forms and the generic step action."""
    RESERVED_STEPS[code] = message


# Every step that concludes the decision stage; a case records at most one of them.
DECISION_OUTCOMES = frozenset({"penalty_decision", *NO_PENALTY_OUTCOMES})

_BEFORE_DECISION = frozenset({Stage.INVESTIGATION, Stage.REVIEW})
_AFTER_DECISION = frozenset({Stage.SERVICE, Stage.EXECUTION})

PENALTY_ORDINARY = Procedure(
    kind=CaseKind.PENALTY_ORDINARY,
    stages=(
        Stage.INITIATION,
        Stage.INVESTIGATION,
        Stage.REVIEW,
        Stage.DECISION,
        Stage.SERVICE,
        Stage.EXECUTION,
        Stage.CLOSING,
    ),
    steps=_steps(
        StepSpec("case_opened", "案件登记", Stage.INITIATION),
        StepSpec("filing_approval", "立案审批", Stage.INITIATION, needs_approval=True),
        StepSpec("inspection_record", "现场检查笔录", Stage.INVESTIGATION, on_site=True),
        StepSpec("inquiry_record", "询问笔录", Stage.INVESTIGATION, on_site=True),
        StepSpec(
            "evidence_preservation",
            "证据先行登记保存",
            Stage.INVESTIGATION,
            on_site=True,
            follow_up="preservation_decision",
        ),
        StepSpec(
            "preservation_decision",
            "先行登记保存证据处理决定",
            Stage.INVESTIGATION,
            also_in=frozenset({Stage.REVIEW}),
        ),
        StepSpec("site_examination", "勘验", Stage.INVESTIGATION, on_site=True),
        StepSpec("sampling", "抽样取证", Stage.INVESTIGATION, on_site=True),
        StepSpec(
            "deadline_extension",
            "延长办案期限",
            Stage.INVESTIGATION,
            needs_approval=True,
            head_approval=True,  # 行政处罚法 Art. 60
            also_in=frozenset({Stage.REVIEW, Stage.DECISION}),
        ),
        StepSpec(
            "electronic_service_consent",
            "电子送达确认书",
            Stage.INVESTIGATION,
            also_in=frozenset({Stage.REVIEW, Stage.DECISION, Stage.SERVICE}),
        ),
        StepSpec("investigation_report", "调查终结报告", Stage.REVIEW),
        StepSpec("legal_review", "法制审核", Stage.REVIEW, also_in=frozenset({Stage.DECISION})),
        StepSpec(
            "collective_discussion",
            "集体讨论",
            Stage.REVIEW,
            also_in=frozenset({Stage.DECISION}),
        ),
        StepSpec("prior_notice", "行政处罚事先告知", Stage.DECISION),
        StepSpec(
            "statement_and_defense",
            "陈述申辩",
            Stage.DECISION,
            follow_up="statement_review",
        ),
        StepSpec("statement_review", "陈述申辩复核", Stage.DECISION),
        StepSpec("rights_waived", "当事人书面放弃陈述申辩和听证权利", Stage.DECISION),
        StepSpec("hearing_request", "听证申请", Stage.DECISION, follow_up="hearing_notice"),
        StepSpec("hearing_notice", "听证通知", Stage.DECISION, follow_up="hearing_record"),
        StepSpec("hearing_record", "听证笔录", Stage.DECISION),
        StepSpec("penalty_decision", "行政处罚决定", Stage.DECISION),
        *(StepSpec(code, label, Stage.DECISION) for code, label in NO_PENALTY_OUTCOMES.items()),
        StepSpec("document_service", "送达", Stage.SERVICE, also_in=frozenset({Stage.EXECUTION})),
        StepSpec(
            "remedy_filed", "申请行政复议或提起行政诉讼", Stage.SERVICE, also_in=_AFTER_DECISION
        ),
        StepSpec(
            "remedy_concluded", "行政复议或行政诉讼结束", Stage.SERVICE, also_in=_AFTER_DECISION
        ),
        StepSpec("fine_payment", "缴纳罚款", Stage.EXECUTION),
        StepSpec("deferral", "延期或分期缴纳罚款", Stage.EXECUTION, needs_approval=True),
        StepSpec("additional_fine", "加处罚款", Stage.EXECUTION),
        StepSpec("performance_record", "履行情况记录", Stage.EXECUTION),
        StepSpec("enforcement_demand", "催告", Stage.EXECUTION),
        StepSpec("court_enforcement", "申请人民法院强制执行", Stage.EXECUTION),
        StepSpec("closing_approval", "结案审批", Stage.CLOSING, needs_approval=True),
    ),
    required={
        Stage.INITIATION: (("filing_approval",),),
        Stage.INVESTIGATION: (
            (
                "inspection_record",
                "inquiry_record",
                "evidence_preservation",
                "site_examination",
                "sampling",
            ),
        ),
        Stage.REVIEW: (("investigation_report",),),
        Stage.DECISION: (("prior_notice",), ("penalty_decision",)),
        Stage.SERVICE: (("document_service",),),
        Stage.EXECUTION: (("fine_payment", "performance_record", "court_enforcement"),),
    },
    outcomes=frozenset(NO_PENALTY_OUTCOMES),
    decisions=frozenset({"penalty_decision"}),
)

PENALTY_SUMMARY = Procedure(
    kind=CaseKind.PENALTY_SUMMARY,
    stages=(Stage.DECISION, Stage.SERVICE, Stage.EXECUTION, Stage.CLOSING),
    steps=_steps(
        StepSpec("on_the_spot_decision", "当场作出行政处罚决定", Stage.DECISION, on_site=True),
        StepSpec("on_the_spot_service", "当场交付决定书", Stage.SERVICE, on_site=True),
        StepSpec(
            "remedy_filed", "申请行政复议或提起行政诉讼", Stage.SERVICE, also_in=_AFTER_DECISION
        ),
        StepSpec(
            "remedy_concluded", "行政复议或行政诉讼结束", Stage.SERVICE, also_in=_AFTER_DECISION
        ),
        StepSpec("on_the_spot_collection", "当场收缴罚款", Stage.EXECUTION, on_site=True),
        StepSpec("fine_payment", "缴纳罚款", Stage.EXECUTION),
        StepSpec("performance_record", "履行情况记录", Stage.EXECUTION),
        StepSpec("closing_approval", "结案", Stage.CLOSING),
    ),
    required={
        Stage.DECISION: (("on_the_spot_decision",),),
        Stage.SERVICE: (("on_the_spot_service",),),
        Stage.EXECUTION: (("on_the_spot_collection", "fine_payment", "performance_record"),),
    },
    decisions=frozenset({"on_the_spot_decision"}),
)

INSPECTION = Procedure(
    kind=CaseKind.INSPECTION,
    stages=(Stage.INITIATION, Stage.INVESTIGATION, Stage.DECISION, Stage.CLOSING),
    steps=_steps(
        StepSpec("case_opened", "检查登记", Stage.INITIATION),
        StepSpec("inspection_record", "检查记录", Stage.INVESTIGATION, on_site=True),
        StepSpec("inspection_result", "检查结果", Stage.DECISION),
        StepSpec("closing_approval", "结案", Stage.CLOSING),
    ),
    required={
        Stage.INVESTIGATION: (("inspection_record",),),
        Stage.DECISION: (("inspection_result",),),
    },
)

PROCEDURES: dict[str, Procedure] = {
    procedure.kind: procedure for procedure in (PENALTY_ORDINARY, PENALTY_SUMMARY, INSPECTION)
}

# Every allowed (from, to) stage pair per case kind. Forward pairs follow the stage order;
# the one backward pair sends a case under review back for supplementary investigation
# (补充调查). A penalty of a warning only has nothing to execute, so service may close.
TRANSITIONS: dict[str, frozenset[tuple[Stage, Stage]]] = {
    CaseKind.PENALTY_ORDINARY: frozenset(
        {
            (Stage.INITIATION, Stage.INVESTIGATION),
            (Stage.INVESTIGATION, Stage.REVIEW),
            (Stage.REVIEW, Stage.INVESTIGATION),
            (Stage.REVIEW, Stage.DECISION),
            (Stage.DECISION, Stage.SERVICE),
            (Stage.SERVICE, Stage.EXECUTION),
            (Stage.SERVICE, Stage.CLOSING),
            (Stage.EXECUTION, Stage.CLOSING),
        }
    ),
    CaseKind.PENALTY_SUMMARY: frozenset(
        {
            (Stage.DECISION, Stage.SERVICE),
            (Stage.SERVICE, Stage.EXECUTION),
            (Stage.SERVICE, Stage.CLOSING),
            (Stage.EXECUTION, Stage.CLOSING),
        }
    ),
    CaseKind.INSPECTION: frozenset(
        {
            (Stage.INITIATION, Stage.INVESTIGATION),
            (Stage.INVESTIGATION, Stage.DECISION),
            (Stage.DECISION, Stage.CLOSING),
        }
    ),
}


# Steps that may still be recorded once the case is in closing or closed. The party may seek
# reconsideration within 60 days and sue within 6 months of service, often after the fine is
# paid and the case closed, and the outcome must still be on the case.
AFTER_CLOSING_STEPS = frozenset({"remedy_filed", "remedy_concluded"})

# The stage pair a case may take only after a no-penalty outcome (``Procedure.outcomes``).
OUTCOME_TRANSITION = (Stage.DECISION, Stage.CLOSING)


def register(procedure: Procedure, transitions: frozenset[tuple[Stage, Stage]]) -> None:
    """Plug in the procedure of another case kind, with its allowed stage pairs.

    Apps that handle a kind (licensing, coercion, levies) call this from ``AppConfig.ready``.
    Registering a kind twice with a different procedure is a programming error.
    """
    existing = PROCEDURES.get(procedure.kind)
    if existing is not None and existing != procedure:
        raise LookupError(f"case kind {procedure.kind!r} already has a procedure")
    PROCEDURES[procedure.kind] = procedure
    TRANSITIONS[procedure.kind] = transitions


def recorded_outcome(procedure: Procedure, recorded: Iterable[str]) -> str | None:
    """Return the no-penalty outcome among the recorded step codes, or None."""
    return next((code for code in recorded if code in procedure.outcomes), None)


def generic_opening_kinds() -> list[tuple[str, str]]:
    """Return the kinds the generic case opening offers, as (code, label) choices."""
    return [
        (kind.value, kind.label)
        for kind in CaseKind
        if kind in PROCEDURES and not PROCEDURES[kind].opened_on_page
    ]


def procedure_for(kind: str) -> Procedure:
    """Return the procedure of a case kind; an unknown kind is a programming error."""
    try:
        return PROCEDURES[kind]
    except KeyError:
        raise LookupError(f"no procedure is defined for case kind {kind!r}") from None


def _stage_label(stage: str, kind: str = "") -> str:
    procedure = PROCEDURES.get(kind)
    return procedure.stage_label(stage) if procedure else Stage(stage).label


def _group_label(procedure: Procedure, group: tuple[str, ...]) -> str:
    return "或".join(f"“{procedure.steps[code].label}”" for code in group)


def missing_required(procedure: Procedure, stage: str, recorded: Iterable[str]) -> list[str]:
    """Return the Chinese labels of what must still be recorded before ``stage`` is left.

    ``recorded`` contains the step codes recorded so far in the case (corrections included).
    A step with a ``follow_up`` needs the follow-up recorded as often as itself, so a second
    preservation of evidence needs a second handling decision.
    """
    codes = list(recorded)
    groups = procedure.required.get(Stage(stage), ())
    outcome = recorded_outcome(procedure, codes)
    if outcome is not None and Stage(stage) == Stage.DECISION:
        groups = ((outcome,),)
    missing = [
        _group_label(procedure, group)
        for group in groups
        if not any(code in codes for code in group)
    ]
    for spec in procedure.steps_in(Stage(stage)):
        if spec.follow_up and codes.count(spec.code) > codes.count(spec.follow_up):
            follow = procedure.steps[spec.follow_up].label
            missing.append(f"“{follow}”（已记录“{spec.label}”）")
    return missing


@dataclass(frozen=True)
class StepPlacement:
    """The placement of a new step: the stage it is recorded in and the stage the case moves to."""

    allowed: bool
    reason: str = ""
    stage: str = ""
    moves_to: str = ""


def place_step(kind: str, current: str, code: str, recorded: Iterable[str]) -> StepPlacement:
    """Decide whether step ``code`` may be recorded now and which stage transition it causes.

    A step that belongs to the current stage is recorded there. A step of another stage moves
    the case if ``TRANSITIONS`` allows the pair, and a forward move also needs every required
    step of the current stage. The refusal names the current stage and what comes first.
    """
    procedure = procedure_for(kind)
    spec = procedure.step(code)
    current_label = _stage_label(current, kind)
    codes = list(recorded)
    if spec is None:
        return StepPlacement(False, f"“{CaseKind(kind).label}”案件没有“{code}”这一办案环节。")
    conflict = _outcome_conflict(procedure, code, codes)
    if conflict:
        return StepPlacement(False, conflict)
    if code in procedure.once and code in codes:
        return StepPlacement(
            False, f"本案已记录“{spec.label}”，不能重复记录；如需更正原记录，请使用更正功能。"
        )
    if spec.stage == current or Stage(current) in spec.also_in:
        return StepPlacement(True, stage=current)
    if current == Stage.CLOSING and code in AFTER_CLOSING_STEPS:
        return StepPlacement(True, stage=current)
    if current == Stage.CLOSING:
        return StepPlacement(False, f"案件已进入结案阶段，不能再记录“{spec.label}”。")

    target = spec.stage
    if not transition_allowed(kind, current, target, codes):
        return StepPlacement(False, _order_reason(procedure, current, spec))

    if procedure.index(target) > procedure.index(current):
        missing = missing_required(procedure, current, codes)
        if missing:
            return StepPlacement(
                False,
                f"案件当前处于“{current_label}”阶段，记录“{spec.label}”前须先记录："
                f"{'、'.join(missing)}。",
            )
    return StepPlacement(True, stage=target, moves_to=target)


def _outcome_conflict(procedure: Procedure, code: str, recorded: list[str]) -> str:
    """Return why ``code`` conflicts with the outcome already recorded, or an empty string.

    A case ends in one outcome of 行政处罚法 Art. 57, so after a penalty decision or a
    no-penalty outcome no other outcome may be recorded; a correction of the same step is
    recorded through ``correct_step``, which does not call ``place_step``.
    """
    if code not in DECISION_OUTCOMES or not procedure.outcomes:
        return ""
    outcome = recorded_outcome(procedure, recorded)
    if outcome is None and "penalty_decision" in recorded:
        outcome = "penalty_decision"
    if outcome is None:
        return ""
    return (
        f"本案已记录“{procedure.steps[outcome].label}”，不能再记录“{procedure.steps[code].label}”；"
        "如需更正原记录，请使用更正功能。"
    )


def _order_reason(procedure: Procedure, current: str, spec: StepSpec) -> str:
    current_label = procedure.stage_label(current)
    target_label = procedure.stage_label(spec.stage)
    if procedure.index(spec.stage) < procedure.index(current):
        return (
            f"案件当前处于“{current_label}”阶段，“{spec.label}”属于已经结束的"
            f"“{target_label}”阶段，不能再记录；如需更正原记录，请使用更正功能。"
        )
    between = procedure.stages[procedure.index(current) : procedure.index(spec.stage)]
    stages = "、".join(f"“{procedure.stage_label(stage)}”" for stage in between)
    return (
        f"案件当前处于“{current_label}”阶段，“{spec.label}”属于“{target_label}”阶段，"
        f"须先完成{stages}阶段。"
    )


def can_transition(kind: str, source: str, target: str) -> bool:
    return (Stage(source), Stage(target)) in TRANSITIONS[kind]


def transition_allowed(kind: str, source: str, target: str, recorded: Iterable[str]) -> bool:
    """Return whether the case may move, counting the pair a no-penalty outcome opens."""
    if can_transition(kind, source, target):
        return True
    pair = (Stage(source), Stage(target))
    procedure = procedure_for(kind)
    return pair == OUTCOME_TRANSITION and recorded_outcome(procedure, recorded) is not None


def closing_blocker(kind: str, current: str, recorded: Iterable[str]) -> str | None:
    """Return why a case in ``current`` cannot close yet, naming stages and steps, or None."""
    procedure = procedure_for(kind)
    codes = list(recorded)
    if current == Stage.CLOSING:
        return "案件已进入结案阶段。"
    missing = missing_required(procedure, current, codes)
    steps = f"尚缺：{'、'.join(missing)}" if missing else ""
    if transition_allowed(kind, current, Stage.CLOSING, codes):
        return f"结案前须先记录：{'、'.join(missing)}。" if missing else None

    start = procedure.index(current)
    path = [Stage(current)]
    for stage in procedure.stages[start + 1 :]:
        if stage == Stage.CLOSING:
            break
        path.append(stage)
        if can_transition(kind, stage, Stage.CLOSING):
            break
    names = "、".join(f"“{procedure.stage_label(stage)}”" for stage in path)
    detail = f"；{steps}" if steps else ""
    return (
        f"案件当前处于“{procedure.stage_label(current)}”阶段，须先完成{names}阶段才能结案{detail}。"
    )
