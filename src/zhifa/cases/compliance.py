"""The compliance panel of a case: which procedural duties its record meets and which it lacks.

``evaluate`` is a pure function of a ``CaseFacts`` snapshot, a calendar and today's date, so
the rules are tested without a database. ``facts_for`` builds the snapshot from a case. An
item is ``met``, ``missing`` (the record lacks it, whether late or not yet done) or
``not_applicable`` (the case kind or its course does not call for it).

TODO: items for audio-video records, legal review opinions and publications belong here once
those apps record them on cases.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from zhifa.cases import stages
from zhifa.cases.documents.registry import DOC_TYPES
from zhifa.cases.hooks import legal_review_blocker
from zhifa.cases.models import (
    Case,
    CaseKind,
    CaseStatus,
    CaseStep,
    Document,
    DocumentStatus,
    LegalReviewState,
    Stage,
    stage_label,
)
from zhifa.cases.rules import evidence as evidence_rules
from zhifa.cases.rules import outcomes as outcome_rules
from zhifa.cases.rules import penalty as penalty_rules
from zhifa.cases.rules import service as service_rules
from zhifa.cases.rules.common import Calendar, show
from zhifa.core.workdays import CalendarNotCovered, shanghai_date

logger = logging.getLogger(__name__)

MET = "met"
MISSING = "missing"
NOT_APPLICABLE = "not_applicable"
STATUS_LABELS = {MET: "符合", MISSING: "缺失", NOT_APPLICABLE: "不适用"}

DECISION_STEPS = ("penalty_decision", "on_the_spot_decision")
SERVICE_STEPS = ("document_service", "on_the_spot_service")
# A fine or confiscation is settled by payment or by the application to the court.
SETTLING_STEPS = ("fine_payment", "on_the_spot_collection", "court_enforcement")
DECISION_DOCUMENTS = {
    CaseKind.PENALTY_ORDINARY: "penalty_decision",
    CaseKind.PENALTY_SUMMARY: "summary_penalty_decision",
}
PENALTY_KINDS = frozenset({CaseKind.PENALTY_ORDINARY, CaseKind.PENALTY_SUMMARY})
NO_PENALTY_OUTCOMES = tuple(stages.NO_PENALTY_OUTCOMES)


@dataclass(frozen=True)
class StepFacts:
    pk: int
    sequence: int
    stage: str
    step: str
    label: str
    occurred_on: datetime.date
    on_site: bool
    officer_count: int
    details: dict[str, Any]
    credential_shown: bool | None = None
    uniform_worn: bool | None = None
    grounds_told: bool | None = None
    basis_told: bool | None = None
    rights_told: bool | None = None
    corrects_id: int | None = None


@dataclass(frozen=True)
class DocumentFacts:
    doc_type: str
    status: str
    data: dict[str, Any]


@dataclass(frozen=True)
class CaseFacts:
    """The facts of one case that the compliance rules read."""

    kind: str
    opened_on: datetime.date
    closed: bool
    agency_name: str
    party_names: list[str]
    party_addresses: list[str]
    steps: list[StepFacts]
    documents: list[DocumentFacts] = field(default_factory=list)
    legal_review_state: str = LegalReviewState.NOT_ASSESSED
    legal_review_blocker: str | None = None
    case_id: int | None = None

    def current_steps(self, code: str) -> list[StepFacts]:
        """Return the steps with ``code`` in order, leaving out the ones later corrected."""
        corrected = {row.corrects_id for row in self.steps if row.corrects_id}
        return [row for row in self.steps if row.step == code and row.pk not in corrected]

    def latest(self, *codes: str) -> StepFacts | None:
        rows = [row for code in codes for row in self.current_steps(code)]
        return max(rows, key=lambda row: row.sequence) if rows else None

    def no_penalty_outcome(self) -> StepFacts | None:
        """Return the recorded no-penalty outcome or transfer to the judiciary, if any."""
        return self.latest(*NO_PENALTY_OUTCOMES)


@dataclass(frozen=True)
class ComplianceItem:
    label: str
    status: str
    detail: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Deadline:
    label: str
    due_on: datetime.date | None
    note: str = ""
    # A stable name for deadlines other apps look for, e.g. the supervision alerts.
    code: str = ""


PENALTY_DECISION_DEADLINE = "penalty_decision"


def _item(label: str, ok: bool, detail_ok: str, detail_missing: str) -> ComplianceItem:
    return ComplianceItem(label, MET if ok else MISSING, detail_ok if ok else detail_missing)


def _not_applicable(label: str, detail: str = "") -> ComplianceItem:
    return ComplianceItem(label, NOT_APPLICABLE, detail)


def _after_outcome(label: str, facts: CaseFacts) -> ComplianceItem | None:
    """Return a not-applicable item when the case ended in a no-penalty outcome, else None.

    行政处罚法 Art. 44, 61 and 67 concern a penalty: without one there is no prior notice,
    no penalty decision to serve and nothing to pay.
    """
    outcome = facts.no_penalty_outcome()
    if outcome is None:
        return None
    return _not_applicable(label, f"本案作出“{outcome.label}”，无须此项。")


def _decided_on(step: StepFacts) -> datetime.date:
    value = step.details.get("decided_on")
    return datetime.date.fromisoformat(value) if value else step.occurred_on


def _extensions(facts: CaseFacts) -> list[penalty_rules.Extension]:
    return [
        penalty_rules.Extension(
            int(row.details.get("days", 0)),
            str(row.details.get("approved_by", "")),
            str(row.details.get("reason", "")),
        )
        for row in facts.current_steps("deadline_extension")
    ]


# --- Items -------------------------------------------------------------------------------------


def stage_order_item(facts: CaseFacts) -> ComplianceItem:
    """Each change of stage between consecutive steps is an allowed transition."""
    label = "办案阶段顺序"
    allowed = stages.TRANSITIONS.get(facts.kind, frozenset())
    previous_stage = ""
    recorded: list[str] = []
    for row in facts.steps:
        if row.corrects_id:
            continue
        moved = bool(previous_stage) and previous_stage != row.stage
        pair = (Stage(previous_stage), Stage(row.stage)) if moved else None
        # A no-penalty outcome recorded earlier opens the move from decision to closing.
        opened = (
            pair == stages.OUTCOME_TRANSITION
            and facts.kind in stages.PROCEDURES
            and stages.recorded_outcome(stages.procedure_for(facts.kind), recorded) is not None
        )
        recorded.append(row.step)
        if pair is not None and pair not in allowed and not opened:
            return ComplianceItem(
                label,
                MISSING,
                f"第{row.sequence}项“{row.label}”从“{stage_label(facts.kind, previous_stage)}”"
                f"阶段进入“{stage_label(facts.kind, row.stage)}”阶段，不符合法定顺序。",
            )
        previous_stage = row.stage
    return ComplianceItem(label, MET, "各环节按法定阶段顺序记录。")


def _on_site_steps(facts: CaseFacts) -> list[StepFacts]:
    corrected = {row.corrects_id for row in facts.steps if row.corrects_id}
    return [row for row in facts.steps if row.on_site and row.pk not in corrected]


def on_site_officers_item(facts: CaseFacts) -> ComplianceItem:
    """行政处罚法 Art. 42, 55: at least two officers on site, unless a rule allows one."""
    label = "现场执法不少于两名执法人员"
    rows = _on_site_steps(facts)
    if not rows:
        return _not_applicable(label, "本案没有现场执法环节。")
    short = [
        row
        for row in rows
        if row.officer_count < 2 and not row.details.get("single_officer_exception")
    ]
    if short:
        names = "、".join(f"第{row.sequence}项“{row.label}”" for row in short)
        return ComplianceItem(label, MISSING, f"{names}在场执法人员少于两名。")
    return ComplianceItem(label, MET, f"{len(rows)}个现场执法环节均有两名以上执法人员。")


def disclosure_item(facts: CaseFacts) -> ComplianceItem:
    """行政处罚法 Art. 55: show the credential and tell the grounds, basis and rights."""
    label = "现场执法告知义务"
    rows = _on_site_steps(facts)
    if not rows:
        return _not_applicable(label, "本案没有现场执法环节。")
    lacking = []
    for row in rows:
        uniform = row.uniform_worn is True or bool(row.details.get("uniform_exemption"))
        told = (row.credential_shown, row.grounds_told, row.basis_told, row.rights_told)
        if not uniform or any(value is not True for value in told):
            lacking.append(f"第{row.sequence}项“{row.label}”")
    if lacking:
        return ComplianceItem(
            label, MISSING, f"{'、'.join(lacking)}未记录出示证件、着装或告知事由、依据、权利。"
        )
    return ComplianceItem(label, MET, "现场执法环节均已记录出示证件、着装和告知事项。")


def preservation_item(facts: CaseFacts, calendar: Calendar) -> ComplianceItem:
    """行政处罚法 Art. 56: decide on preserved evidence within 7 working days."""
    label = "先行登记保存证据七个工作日内作出处理决定"
    preservations = facts.current_steps("evidence_preservation")
    if not preservations:
        return _not_applicable(label, "本案没有先行登记保存证据。")
    decisions = {
        row.details.get("preservation_step_id"): row
        for row in facts.current_steps("preservation_decision")
    }
    problems = []
    for row in preservations:
        deadline = evidence_rules.preservation_decision_deadline(row.occurred_on, calendar)
        decision = decisions.get(row.pk)
        if decision is None:
            problems.append(f"第{row.sequence}项保存尚无处理决定（期限至{show(deadline)}）")
        elif decision.occurred_on > deadline:
            problems.append(f"第{row.sequence}项保存的处理决定晚于{show(deadline)}")
    if problems:
        return ComplianceItem(label, MISSING, "；".join(problems) + "。")
    return ComplianceItem(label, MET, "每次先行登记保存均在期限内作出处理决定。")


def statement_review_item(facts: CaseFacts) -> ComplianceItem:
    """行政处罚法 Art. 45: every statement and defence of the party is reviewed."""
    label = "陈述申辩复核"
    statements = len(facts.current_steps("statement_and_defense"))
    if statements == 0:
        return _not_applicable(label, "当事人未提出陈述申辩。")
    reviews = len(facts.current_steps("statement_review"))
    return _item(
        label,
        reviews >= statements,
        f"{statements}次陈述申辩均已复核。",
        f"当事人提出{statements}次陈述申辩，已复核{reviews}次。",
    )


def hearing_item(facts: CaseFacts) -> ComplianceItem:
    """行政处罚法 Art. 64-65: a requested hearing is notified and held before the decision."""
    label = "听证通知和听证笔录"
    if not facts.current_steps("hearing_request"):
        return _not_applicable(label, "当事人未要求听证。")
    if facts.current_steps("rights_waived"):
        return ComplianceItem(label, MET, "当事人已书面放弃听证权利。")
    if not facts.current_steps("hearing_notice"):
        return ComplianceItem(label, MISSING, "当事人已要求听证，尚未记录“听证通知”。")
    if not facts.current_steps("hearing_record"):
        return ComplianceItem(label, MISSING, "已通知听证，尚未记录“听证笔录”。")
    return ComplianceItem(label, MET, "已通知并举行听证。")


def prior_notice_item(facts: CaseFacts) -> ComplianceItem:
    """行政处罚法 Art. 44, 62: the party is told of the intended penalty before the decision."""
    label = "作出决定前事先告知"
    if facts.kind != CaseKind.PENALTY_ORDINARY:
        return _not_applicable(label, "简易程序和行政检查不单独制作事先告知书。")
    skipped = _after_outcome(label, facts)
    if skipped:
        return skipped
    notice = facts.latest("prior_notice")
    if notice is None:
        return ComplianceItem(label, MISSING, "尚未记录“行政处罚事先告知”。")
    decision = facts.latest("penalty_decision")
    if decision is not None and decision.sequence < notice.sequence:
        return ComplianceItem(label, MISSING, "处罚决定记录在事先告知之前。")
    served = notice.details.get("served_on", "")
    return ComplianceItem(label, MET, f"事先告知书于{served}送达。")


def decision_deadline_item(facts: CaseFacts, calendar: Calendar) -> ComplianceItem:
    """行政处罚法 Art. 60: decide within 90 days of filing, or within an approved extension."""
    label = "九十日内作出处罚决定（或经批准延长）"
    if facts.kind != CaseKind.PENALTY_ORDINARY:
        return _not_applicable(label, "仅适用于普通程序案件。")
    deadline = penalty_rules.decision_deadline(facts.opened_on, _extensions(facts), calendar)
    # NOTE: the 90 days are applied to a no-penalty decision or transfer as well, because
    # Art. 60 sets the period for the case and not only for a penalty.
    decision = facts.latest("penalty_decision", *NO_PENALTY_OUTCOMES)
    if decision is None:
        return ComplianceItem(label, MISSING, f"尚未作出处罚决定，期限至{show(deadline)}。")
    decided_on = _decided_on(decision)
    return _item(
        label,
        decided_on <= deadline,
        f"{show(decided_on)}作出决定，期限至{show(deadline)}。",
        f"{show(decided_on)}作出决定，超过期限{show(deadline)}且无足够的延长审批。",
    )


def _decision_contents_missing(facts: CaseFacts, decision: StepFacts) -> list[str]:
    """Return the Art. 59 items the recorded decision lacks."""
    if decision.step != "penalty_decision":
        return []
    details = decision.details
    stored = details.get("penalty", {})
    deadline = details.get("performance_deadline")
    contents = penalty_rules.DecisionContents(
        party_names=facts.party_names,
        party_addresses=facts.party_addresses,
        facts_and_evidence=str(details.get("facts_and_evidence", "")),
        penalty=penalty_rules.ProposedPenalty(
            types=frozenset(stored.get("types", [])),
            fine=Decimal(stored.get("fine", "0")),
            confiscation=Decimal(stored.get("confiscation", "0")),
        ),
        penalty_basis=str(details.get("penalty_basis", "")),
        performance_manner=str(details.get("performance_manner", "")),
        performance_deadline=datetime.date.fromisoformat(deadline) if deadline else None,
        remedy_channels=str(details.get("remedy_channels", "")),
        remedy_deadlines=str(details.get("remedy_deadlines", "")),
        agency_name=str(details.get("agency_name", facts.agency_name)),
        decided_on=_decided_on(decision),
    )
    return penalty_rules.missing_decision_contents(contents)


def decision_document_item(facts: CaseFacts) -> ComplianceItem:
    """行政处罚法 Art. 59: the decision document is finalised with every listed item."""
    label = "处罚决定书定稿并载明第五十九条事项"
    doc_type = DECISION_DOCUMENTS.get(CaseKind(facts.kind))
    if doc_type is None:
        return _not_applicable(label, "行政检查案件不制作处罚决定书。")
    skipped = _after_outcome(label, facts)
    if skipped:
        return skipped
    decision = facts.latest(*DECISION_STEPS)
    if decision is None:
        return ComplianceItem(label, MISSING, "尚未作出处罚决定。")
    missing = _decision_contents_missing(facts, decision)
    if missing:
        return ComplianceItem(label, MISSING, f"处罚决定缺少：{'、'.join(missing)}。")
    spec = DOC_TYPES[doc_type]
    final = [
        doc
        for doc in facts.documents
        if doc.doc_type == doc_type and doc.status == DocumentStatus.FINAL
    ]
    if not final:
        return ComplianceItem(label, MISSING, f"尚未定稿“{spec.title}”。")
    required = [f.label for f in spec.fields if f.required and not final[-1].data.get(f.name)]
    if required:
        return ComplianceItem(label, MISSING, f"“{spec.title}”缺少：{'、'.join(required)}。")
    return ComplianceItem(label, MET, f"“{spec.title}”已定稿。")


def service_item(facts: CaseFacts, calendar: Calendar) -> ComplianceItem:
    """行政处罚法 Art. 61: a decision not handed over on the spot is served in 7 working days."""
    label = "法定期限内送达处罚决定书"
    if facts.kind not in PENALTY_KINDS:
        return _not_applicable(label, "行政检查案件无处罚决定书。")
    skipped = _after_outcome(label, facts)
    if skipped:
        return skipped
    decision = facts.latest(*DECISION_STEPS)
    if decision is None:
        return ComplianceItem(label, MISSING, "尚未作出处罚决定。")
    service = facts.latest(*SERVICE_STEPS)
    deadline = service_rules.service_deadline(_decided_on(decision), calendar)
    if service is None:
        return ComplianceItem(label, MISSING, f"尚未记录送达，期限至{show(deadline)}。")
    served_value = service.details.get("served_on")
    served_on = datetime.date.fromisoformat(served_value) if served_value else service.occurred_on
    if service.details.get("on_the_spot") or served_on <= deadline:
        method = service.details.get("method_label", "")
        return ComplianceItem(label, MET, f"{show(served_on)}{method}。")
    return ComplianceItem(label, MISSING, f"{show(served_on)}送达，超过期限{show(deadline)}。")


def _owes_money(decision: StepFacts) -> bool:
    stored = decision.details.get("penalty", {})
    return Decimal(stored.get("fine", "0")) > 0 or Decimal(stored.get("confiscation", "0")) > 0


def execution_item(facts: CaseFacts) -> ComplianceItem:
    """行政处罚法 Art. 67, 72: money is paid, or the court is asked to enforce, before closing."""
    label = "结案前缴纳罚款或申请人民法院强制执行"
    if facts.kind not in PENALTY_KINDS:
        return _not_applicable(label, "行政检查案件无罚没款项。")
    skipped = _after_outcome(label, facts)
    if skipped:
        return skipped
    decision = facts.latest(*DECISION_STEPS)
    if decision is None:
        return ComplianceItem(label, MISSING, "尚未作出处罚决定。")
    if not _owes_money(decision):
        return _not_applicable(label, "处罚决定无罚款或没收款项。")
    settled = facts.latest(*SETTLING_STEPS)
    if settled is None:
        return ComplianceItem(label, MISSING, "尚未记录缴纳罚款或申请人民法院强制执行。")
    return ComplianceItem(label, MET, f"已记录“{settled.label}”。")


def no_penalty_outcome_item(facts: CaseFacts) -> ComplianceItem:
    """行政处罚法 Art. 33 para. 3 and Art. 27: education recorded, or the transfer recorded."""
    label = "不予行政处罚的教育或移送司法机关记录"
    outcome = facts.no_penalty_outcome()
    if outcome is None:
        return _not_applicable(label, "本案未作出不予行政处罚决定，也未移送司法机关。")
    details = outcome.details
    if outcome.step == "transfer_to_judiciary":
        organ = str(details.get("receiving_organ", ""))
        on = str(details.get("transferred_on", ""))
        return _item(
            label,
            bool(organ and on),
            f"{on}移送{organ}。",
            "移送记录缺少接收移送的司法机关或移送日期。",
        )
    if outcome.step not in outcome_rules.EDUCATION_REQUIRED:
        return _not_applicable(label, "违法事实不能成立，无须教育当事人。")
    return _item(
        label,
        bool(str(details.get("education", "")).strip()),
        "已记录对当事人的教育。",
        "不予行政处罚应当对当事人进行教育，记录中缺少教育情况。",
    )


def legal_review_item(facts: CaseFacts) -> ComplianceItem:
    """行政处罚法 Art. 58: a decision that needs legal review waits for it to pass.

    Summary-procedure penalties and inspections are never major decisions; every other kind
    (licensing, coercion, expropriation...) may be.
    """
    label = "法制审核"
    if facts.kind in (CaseKind.PENALTY_SUMMARY, CaseKind.INSPECTION):
        return _not_applicable(label, "简易程序处罚和行政检查不属于重大执法决定。")
    if facts.legal_review_blocker:
        return ComplianceItem(label, MISSING, facts.legal_review_blocker)
    state = LegalReviewState(facts.legal_review_state).label
    return ComplianceItem(label, MET, f"{state}，不阻止作出决定。")


def _calendar_item(label: str, compute: Callable[[], ComplianceItem]) -> ComplianceItem:
    """Run a rule that counts working days; a year missing from the calendar is reported."""
    try:
        return compute()
    except CalendarNotCovered as error:
        return ComplianceItem(label, MISSING, error.message)


KindItems = Callable[[CaseFacts, Calendar], list[ComplianceItem]]
KindDeadlines = Callable[[CaseFacts, Calendar], list[Deadline]]

# The items and deadlines of kinds registered by other apps (licensing, coercion, levies).
KIND_ITEMS: dict[str, KindItems] = {}
KIND_DEADLINES: dict[str, KindDeadlines] = {}


SharedItem = Callable[[CaseFacts, Calendar], ComplianceItem | None]

# Items other apps add to cases of every kind, e.g. the audio-video recording of mandatory
# scenes; each returns None where it does not apply.
SHARED_ITEMS: list[SharedItem] = []


def register_shared_item(item: SharedItem) -> SharedItem:
    """Add an item checked on cases of every kind (usable as a decorator)."""
    if item not in SHARED_ITEMS:
        SHARED_ITEMS.append(item)
    return item


def _shared_items(facts: CaseFacts, calendar: Calendar) -> list[ComplianceItem]:
    results = (item(facts, calendar) for item in SHARED_ITEMS)
    return [result for result in results if result is not None]


def register_kind(kind: str, items: KindItems, kind_deadlines: KindDeadlines) -> None:
    """Plug in the compliance items and header deadlines of a case kind.

    The kind's items follow the items every case shares: stage order, officers on site,
    in-process disclosure and legal review. The penalty items do not apply to it.
    """
    KIND_ITEMS[kind] = items
    KIND_DEADLINES[kind] = kind_deadlines


def evaluate(facts: CaseFacts, calendar: Calendar) -> list[ComplianceItem]:
    """Return every compliance item of the case, in the order of the procedure."""
    own = KIND_ITEMS.get(facts.kind)
    if own is not None:
        return [
            stage_order_item(facts),
            on_site_officers_item(facts),
            disclosure_item(facts),
            legal_review_item(facts),
            *own(facts, calendar),
            *_shared_items(facts, calendar),
        ]
    return [
        stage_order_item(facts),
        on_site_officers_item(facts),
        disclosure_item(facts),
        _calendar_item(
            "先行登记保存证据七个工作日内作出处理决定", lambda: preservation_item(facts, calendar)
        ),
        statement_review_item(facts),
        hearing_item(facts),
        prior_notice_item(facts),
        legal_review_item(facts),
        _calendar_item(
            "九十日内作出处罚决定（或经批准延长）", lambda: decision_deadline_item(facts, calendar)
        ),
        decision_document_item(facts),
        _calendar_item("法定期限内送达处罚决定书", lambda: service_item(facts, calendar)),
        execution_item(facts),
        no_penalty_outcome_item(facts),
        *_shared_items(facts, calendar),
    ]


def missing_items(items: list[ComplianceItem]) -> list[ComplianceItem]:
    return [item for item in items if item.status == MISSING]


# --- Deadlines shown in the case header --------------------------------------------------------


def deadlines(facts: CaseFacts, calendar: Calendar) -> list[Deadline]:
    """Return the legal deadlines that apply to the case now, with their source in the label."""
    own = KIND_DEADLINES.get(facts.kind)
    if own is not None:
        try:
            return own(facts, calendar)
        except CalendarNotCovered as error:
            return [Deadline("期限计算", None, error.message)]
    result: list[Deadline] = []
    try:
        if facts.kind == CaseKind.PENALTY_ORDINARY:
            extensions = _extensions(facts)
            extended = sum(extension.days for extension in extensions)
            note = f"含经批准延长{extended}日" if extended else ""
            result.append(
                Deadline(
                    "作出处罚决定期限（行政处罚法第六十条，立案之日起九十日）",
                    penalty_rules.decision_deadline(facts.opened_on, extensions, calendar),
                    note,
                    code=PENALTY_DECISION_DEADLINE,
                )
            )
        for row in facts.current_steps("evidence_preservation"):
            result.append(
                Deadline(
                    f"第{row.sequence}项先行登记保存的处理决定期限（第五十六条，七个工作日）",
                    evidence_rules.preservation_decision_deadline(row.occurred_on, calendar),
                )
            )
        notice = facts.latest("prior_notice")
        if notice is not None and notice.details.get("hearing_right_told"):
            served = datetime.date.fromisoformat(notice.details["served_on"])
            end = calendar.add_working_days(served, penalty_rules.HEARING_REQUEST_WORKING_DAYS)
            result.append(
                Deadline(
                    "当事人要求听证的期限（第六十四条，告知后五个工作日）",
                    end,
                    "期限届满前不得作出处罚决定，当事人书面放弃的除外",
                )
            )
        decision = facts.latest(*DECISION_STEPS)
        if decision is not None and facts.latest(*SERVICE_STEPS) is None:
            result.append(
                Deadline(
                    "送达处罚决定书期限（第六十一条，七个工作日）",
                    service_rules.service_deadline(_decided_on(decision), calendar),
                )
            )
    except CalendarNotCovered as error:
        result.append(Deadline("期限计算", None, error.message))
    return result


# --- Building the facts from a case ------------------------------------------------------------


def facts_for(
    case: Case,
    rows: list[CaseStep] | None = None,
    documents: list[Document] | None = None,
) -> CaseFacts:
    """Read the case, its steps, parties and documents into a ``CaseFacts`` snapshot.

    A page that has loaded the steps (with their officers) and the documents already passes
    them in, so they are not read twice.
    """
    procedure = stages.procedure_for(case.kind)
    if rows is None:
        rows = list(case.steps.all().prefetch_related("officers").order_by("sequence"))
    if documents is None:
        documents = list(case.documents.order_by("doc_type", "version"))
    steps = []
    for row in rows:
        spec = procedure.step(row.step)
        steps.append(
            StepFacts(
                pk=row.pk,
                sequence=row.sequence,
                stage=row.stage,
                step=row.step,
                label=spec.label if spec else row.step,
                occurred_on=shanghai_date(row.occurred_at),
                on_site=row.on_site,
                officer_count=len(row.officers.all()),
                details=row.details or {},
                credential_shown=row.credential_shown,
                uniform_worn=row.uniform_worn,
                grounds_told=row.grounds_told,
                basis_told=row.basis_told,
                rights_told=row.rights_told,
                corrects_id=row.corrects_id,
            )
        )
    parties = list(case.parties.all())
    document_facts = [
        DocumentFacts(doc.doc_type, doc.status, doc.data or {})
        for doc in sorted(documents, key=lambda doc: (doc.doc_type, doc.version))
    ]
    return CaseFacts(
        kind=case.kind,
        opened_on=case.opened_on,
        closed=case.status == CaseStatus.CLOSED,
        agency_name=case.agency.name,
        party_names=[party.name for party in parties],
        party_addresses=[party.address for party in parties],
        steps=steps,
        documents=document_facts,
        legal_review_state=case.legal_review_state,
        legal_review_blocker=legal_review_blocker(case),
        case_id=case.pk,
    )
