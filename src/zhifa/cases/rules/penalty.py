"""Rules of the penalty procedure in the 行政处罚法 (2021 revision, in force 2021-07-15)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from zhifa.cases.rules.common import ALLOWED, Calendar, RuleOutcome, refused, show

# Penalty type codes (Art. 9), as the glossary names them.
WARNING = "warning"
FINE = "fine"
ILLEGAL_GAINS_CONFISCATED = "illegal_gains_confiscated"
ILLEGAL_PROPERTY_CONFISCATED = "illegal_property_confiscated"
QUALIFICATION_DOWNGRADE = "qualification_downgrade"
LICENSE_REVOCATION = "license_revocation"
BUSINESS_SUSPENSION = "business_suspension"
CLOSURE_ORDER = "closure_order"
PRACTICE_RESTRICTION = "practice_restriction"

PENALTY_LABELS = {
    WARNING: "警告",
    "circulated_criticism": "通报批评",
    FINE: "罚款",
    ILLEGAL_GAINS_CONFISCATED: "没收违法所得",
    ILLEGAL_PROPERTY_CONFISCATED: "没收非法财物",
    "license_suspension": "暂扣许可证件",
    QUALIFICATION_DOWNGRADE: "降低资质等级",
    LICENSE_REVOCATION: "吊销许可证件",
    "business_restriction": "限制开展生产经营活动",
    BUSINESS_SUSPENSION: "责令停产停业",
    CLOSURE_ORDER: "责令关闭",
    PRACTICE_RESTRICTION: "限制从业",
}

# --- Summary procedure (简易程序) -------------------------------------------------------------

# Art. 51: facts certain and a legal basis, and a fine of at most 200 yuan for a citizen or
# 3,000 yuan for a legal person or other organisation, or a warning.
SUMMARY_FINE_LIMIT_CITIZEN = Decimal("200")
SUMMARY_FINE_LIMIT_ORGANIZATION = Decimal("3000")
# Art. 68 (1): a fine of at most 100 yuan may be collected on the spot; Art. 68 (2) also allows
# it where the fine would be hard to collect afterwards.
ON_THE_SPOT_COLLECTION_LIMIT = Decimal("100")

CITIZEN_PARTY_KINDS = frozenset({"natural_person", "individual_business"})


def is_citizen(party_kind: str) -> bool:
    """Return whether the party counts as a citizen (公民) for the money limits of the law.

    NOTE: an individual business (个体工商户) is treated as a citizen, as most sector rules
    do; a sector rule that treats it as an organisation needs this changed.
    """
    return party_kind in CITIZEN_PARTY_KINDS


def check_summary_procedure(
    *,
    party_kind: str,
    penalty_types: Iterable[str],
    fine: Decimal,
    facts_certain: bool,
    legal_basis: str,
) -> RuleOutcome:
    """Check that a penalty may be decided on the spot under the summary procedure (Art. 51)."""
    types = set(penalty_types)
    if not facts_certain or not legal_basis.strip():
        return refused("适用简易程序须违法事实确凿并有法定依据，请填写“法律依据”并核实事实。")
    if not types:
        return refused("请选择“处罚种类”。")
    others = types - {WARNING, FINE}
    if others:
        names = "、".join(PENALTY_LABELS.get(code, code) for code in sorted(others))
        return refused(f"简易程序只能给予警告或者罚款，{names}须适用普通程序。")
    limit = (
        SUMMARY_FINE_LIMIT_CITIZEN if is_citizen(party_kind) else SUMMARY_FINE_LIMIT_ORGANIZATION
    )
    who = "公民" if is_citizen(party_kind) else "法人或者其他组织"
    if FINE in types and fine > limit:
        return refused(
            f"简易程序对{who}的罚款不得超过{limit}元，本案罚款{fine}元，须适用普通程序。"
        )
    if FINE in types and fine <= 0:
        return refused("请填写“罚款金额”。")
    return ALLOWED


def check_on_the_spot_collection(fine: Decimal, *, hard_to_collect_reason: str = "") -> RuleOutcome:
    """Check that a fine may be collected on the spot (Art. 68)."""
    if fine <= ON_THE_SPOT_COLLECTION_LIMIT or hard_to_collect_reason.strip():
        return ALLOWED
    return refused(
        f"当场收缴罚款限于{ON_THE_SPOT_COLLECTION_LIMIT}元以下，或不当场收缴事后难以执行的情形；"
        f"本案罚款{fine}元，请当事人到指定银行或通过电子支付缴纳，或填写事后难以执行的理由。"
    )


# --- Prior notice, statement and defence (事先告知、陈述申辩) ---------------------------------


@dataclass(frozen=True)
class ProposedPenalty:
    """A penalty as notified or decided: its types and amounts in yuan."""

    types: frozenset[str]
    fine: Decimal = Decimal("0")
    confiscation: Decimal = Decimal("0")

    def is_heavier_than(self, other: "ProposedPenalty") -> bool:
        return (
            not self.types <= other.types
            or self.fine > other.fine
            or self.confiscation > other.confiscation
        )


@dataclass(frozen=True)
class PriorNoticeContents:
    """The contents of a prior notice (行政处罚事先告知书) to the party (Art. 44, 45, 63)."""

    facts: str
    grounds: str
    legal_basis: str
    penalty: ProposedPenalty
    statement_right_told: bool
    recusal_right_told: bool
    hearing_right_told: bool


def check_prior_notice(notice: PriorNoticeContents, *, hearing_eligible: bool) -> RuleOutcome:
    """List what a prior notice lacks (Art. 44: penalty, facts, grounds, basis and rights)."""
    missing = []
    if not notice.facts.strip():
        missing.append("违法事实")
    if not notice.grounds.strip():
        missing.append("处罚理由")
    if not notice.legal_basis.strip():
        missing.append("处罚依据")
    if not notice.penalty.types:
        missing.append("拟作出的处罚内容")
    if not notice.statement_right_told:
        missing.append("陈述、申辩权利")
    if not notice.recusal_right_told:
        missing.append("申请回避权利")
    if hearing_eligible and not notice.hearing_right_told:
        missing.append("要求听证权利（本案拟作出的处罚属于听证范围）")
    if missing:
        return refused(f"事先告知缺少：{'、'.join(missing)}。")
    return ALLOWED


def check_statements_reviewed(statements: int, reviews: int) -> RuleOutcome:
    """Check that every statement or defence of the party was reviewed (复核) (Art. 45)."""
    if reviews < statements:
        return refused(
            f"当事人提出的陈述、申辩共{statements}次，已复核{reviews}次；"
            "行政机关必须充分听取当事人意见并进行复核，请先记录复核意见。"
        )
    return ALLOWED


def check_not_heavier_than_notice(
    decided: ProposedPenalty, notified: ProposedPenalty
) -> RuleOutcome:
    """Refuse a decision heavier than the penalty last notified (Art. 45 para. 2, Art. 44).

    The agency may not increase the penalty because the party defended itself; a heavier
    penalty on new facts needs a new prior notice, so both cases are refused here.
    """
    if decided.is_heavier_than(notified):
        return refused(
            "决定的处罚重于事先告知的处罚。不得因当事人陈述、申辩而给予更重的处罚；"
            "如因新的事实需要加重，请重新进行事先告知。"
        )
    return ALLOWED


# --- Hearing (听证) ----------------------------------------------------------------------------

# Art. 63 (3) and (4): non-monetary penalties that always carry the hearing right.
HEARING_PENALTY_TYPES = frozenset(
    {
        QUALIFICATION_DOWNGRADE,
        LICENSE_REVOCATION,
        BUSINESS_SUSPENSION,
        CLOSURE_ORDER,
        PRACTICE_RESTRICTION,
    }
)
# Art. 64 (1): the party asks for a hearing "在行政机关告知后五日内"; Art. 64 (2): the party is
# notified "在举行听证的七日前". Both are working days under Art. 85.
HEARING_REQUEST_WORKING_DAYS = 5
HEARING_NOTICE_WORKING_DAYS = 7


@dataclass(frozen=True)
class HearingThresholds:
    """The 较大数额 figures, read from the rule parameters (unconfirmed for Shanghai)."""

    fine_citizen: Decimal
    fine_organization: Decimal
    confiscation_citizen: Decimal
    confiscation_organization: Decimal


def hearing_grounds(
    party_kind: str, penalty: ProposedPenalty, thresholds: HearingThresholds
) -> list[str]:
    """Return why the proposed penalty carries the hearing right (Art. 63); empty if it does not."""
    citizen = is_citizen(party_kind)
    fine_limit = thresholds.fine_citizen if citizen else thresholds.fine_organization
    confiscation_limit = (
        thresholds.confiscation_citizen if citizen else thresholds.confiscation_organization
    )
    grounds = []
    if FINE in penalty.types and penalty.fine >= fine_limit:
        grounds.append(f"较大数额罚款（{penalty.fine}元，标准{fine_limit}元）")
    confiscating = penalty.types & {ILLEGAL_GAINS_CONFISCATED, ILLEGAL_PROPERTY_CONFISCATED}
    if confiscating and penalty.confiscation >= confiscation_limit:
        grounds.append(f"没收较大数额违法所得或较大价值非法财物（{penalty.confiscation}元）")
    for code in sorted(penalty.types & HEARING_PENALTY_TYPES):
        grounds.append(PENALTY_LABELS[code])
    return grounds


def check_hearing_request(
    *,
    eligible: bool,
    notice_served_on: datetime.date,
    requested_on: datetime.date,
    calendar: Calendar,
) -> RuleOutcome:
    """Check a hearing request: the penalty qualifies and the request is in time (Art. 63-64)."""
    if not eligible:
        return refused("事先告知的处罚不属于听证范围，当事人不能要求听证。")
    if requested_on < notice_served_on:
        return refused(f"听证申请日期{show(requested_on)}早于事先告知送达日期，请核对日期。")
    deadline = calendar.add_working_days(notice_served_on, HEARING_REQUEST_WORKING_DAYS)
    if requested_on > deadline:
        return refused(
            f"当事人应在告知后五个工作日内（{show(deadline)}前）要求听证，"
            f"{show(requested_on)}提出的申请已超过期限。"
        )
    return ALLOWED


def check_hearing_schedule(
    *,
    notified_on: datetime.date,
    hearing_on: datetime.date,
    presiding_officer_id: int,
    investigator_ids: Iterable[int],
    calendar: Calendar,
) -> RuleOutcome:
    """Check the hearing notice period and the presiding officer (Art. 64 (2) and (4))."""
    earliest = calendar.add_working_days(notified_on, HEARING_NOTICE_WORKING_DAYS)
    if hearing_on < earliest:
        return refused(
            f"应在举行听证的七个工作日前通知当事人；{show(notified_on)}通知的，"
            f"听证最早在{show(earliest)}举行。"
        )
    if presiding_officer_id in set(investigator_ids):
        return refused("听证主持人不能是本案的调查人员，请另行指定主持人。")
    return ALLOWED


def check_decision_after_notice(
    *,
    notice_served_on: datetime.date,
    decided_on: datetime.date,
    hearing_right_told: bool,
    hearing_requested: bool,
    hearing_held: bool,
    rights_waived: bool,
    calendar: Calendar,
) -> RuleOutcome:
    """Check that the decision leaves the party time to ask for a hearing (Art. 62, 64, 65).

    A party told of the hearing right has 5 working days to ask; a requested hearing must be
    held before the decision (Art. 65), unless the party waived its rights in writing.
    """
    if decided_on < notice_served_on:
        return refused("处罚决定日期早于事先告知送达日期，请先进行事先告知。")
    if hearing_requested and not hearing_held and not rights_waived:
        return refused("当事人已要求听证，须在听证结束后根据听证笔录作出决定。")
    if hearing_right_told and not hearing_requested and not rights_waived:
        window_end = calendar.add_working_days(notice_served_on, HEARING_REQUEST_WORKING_DAYS)
        if decided_on <= window_end:
            return refused(
                f"当事人可在{show(window_end)}前要求听证，期限届满前不能作出处罚决定，"
                "除非当事人书面放弃权利。"
            )
    return ALLOWED


# --- Decision deadline (办案期限) --------------------------------------------------------------

# Art. 60: the decision is made within 90 days of filing (calendar days), unless a 法律, 法规
# or 规章 provides otherwise; sector rules allow approved extensions.
DECISION_PERIOD_DAYS = 90


@dataclass(frozen=True)
class Extension:
    """An approved extension of the decision period (延长办案期限)."""

    days: int
    approver: str
    reason: str


def check_extension(extension: Extension) -> RuleOutcome:
    """Check that an extension records its length, approver and reason."""
    if extension.days < 1:
        return refused("请填写“延长天数”，应为正整数。")
    if not extension.approver.strip():
        return refused("延长办案期限须经批准，请填写“批准人”。")
    if not extension.reason.strip():
        return refused("请填写“延长理由”。")
    return ALLOWED


def decision_deadline(
    opened_on: datetime.date, extensions: Iterable[Extension], calendar: Calendar
) -> datetime.date:
    total = DECISION_PERIOD_DAYS + sum(extension.days for extension in extensions)
    return calendar.add_calendar_days(opened_on, total)


def check_decision_deadline(
    opened_on: datetime.date,
    decided_on: datetime.date,
    extensions: Iterable[Extension],
    calendar: Calendar,
) -> RuleOutcome:
    """Check that the decision falls within 90 days of filing plus approved extensions (Art. 60)."""
    extensions = list(extensions)
    plain_last_day = opened_on + datetime.timedelta(
        days=DECISION_PERIOD_DAYS + sum(extension.days for extension in extensions)
    )
    if decided_on <= plain_last_day:
        # In time under any holiday schedule, because the last day can only move later (off a
        # rest day). So a year whose holidays are not imported yet does not block the decision.
        return ALLOWED
    deadline = decision_deadline(opened_on, extensions, calendar)
    if decided_on > deadline:
        extended = sum(extension.days for extension in extensions)
        detail = f"（含经批准延长的{extended}日）" if extended else ""
        return refused(
            f"应自立案之日起九十日内作出处罚决定{detail}，期限至{show(deadline)}；"
            f"{show(decided_on)}已超过期限，请先办理延长办案期限审批。"
        )
    return ALLOWED


# --- Collective discussion (集体讨论) -----------------------------------------------------------


def collective_discussion_reasons(
    *,
    flags: Iterable[str],
    fine: Decimal,
    trigger_flags: dict[str, str],
    fine_threshold: Decimal,
) -> list[str]:
    """Return why the case must go to collective discussion (Art. 57 para. 2); empty if not.

    ``trigger_flags`` maps the configured flag codes to their labels; ``fine_threshold`` is
    the configured fine at or above which a case counts as serious.
    """
    reasons = [trigger_flags[flag] for flag in flags if flag in trigger_flags]
    if fine >= fine_threshold:
        reasons.append(f"拟罚款{fine}元，达到{fine_threshold}元")
    return reasons


def check_collective_discussion(reasons: list[str], discussed: bool) -> RuleOutcome:
    if reasons and not discussed:
        return refused(
            f"本案须经行政机关负责人集体讨论决定（{'；'.join(reasons)}），请先记录集体讨论。"
        )
    return ALLOWED


# --- Decision document (处罚决定书) -------------------------------------------------------------


@dataclass(frozen=True)
class DecisionContents:
    """The contents Art. 59 requires in a penalty decision."""

    party_names: list[str]
    party_addresses: list[str]
    facts_and_evidence: str
    penalty: ProposedPenalty
    penalty_basis: str
    performance_manner: str
    performance_deadline: datetime.date | None
    remedy_channels: str
    remedy_deadlines: str
    agency_name: str
    decided_on: datetime.date | None
    extra_missing: list[str] = field(default_factory=list)


def missing_decision_contents(contents: DecisionContents) -> list[str]:
    """Return the Chinese names of the Art. 59 contents that the decision lacks."""
    checks = [
        (
            bool(contents.party_names) and all(n.strip() for n in contents.party_names),
            "当事人姓名或者名称",
        ),
        (
            bool(contents.party_addresses) and all(a.strip() for a in contents.party_addresses),
            "当事人地址",
        ),
        (bool(contents.facts_and_evidence.strip()), "违法事实和证据"),
        (bool(contents.penalty.types), "行政处罚的种类"),
        (bool(contents.penalty_basis.strip()), "处罚依据"),
        (FINE not in contents.penalty.types or contents.penalty.fine > 0, "罚款金额"),
        (bool(contents.performance_manner.strip()), "履行方式"),
        (contents.performance_deadline is not None, "履行期限"),
        (bool(contents.remedy_channels.strip()), "申请行政复议、提起行政诉讼的途径"),
        (bool(contents.remedy_deadlines.strip()), "申请行政复议、提起行政诉讼的期限"),
        (bool(contents.agency_name.strip()), "作出决定的行政机关名称"),
        (contents.decided_on is not None, "作出决定的日期"),
    ]
    return [label for present, label in checks if not present] + contents.extra_missing


# --- Minors (Art. 30) ---------------------------------------------------------------------------

# Art. 30: under 14 no penalty (the guardian is ordered to discipline); from 14 to under 18
# the penalty must be lighter (从轻) or mitigated (减轻).
NO_PENALTY_BELOW_AGE = 14
MITIGATION_BELOW_AGE = 18


def check_minor(age_at_violation: int | None) -> RuleOutcome:
    """Refuse a penalty on a party under 14 at the time of the violation (Art. 30)."""
    if age_at_violation is not None and age_at_violation < NO_PENALTY_BELOW_AGE:
        return refused(
            f"当事人违法时{age_at_violation}周岁，不满十四周岁的未成年人有违法行为的不予行政处罚，"
            "应责令监护人加以管教。"
        )
    return ALLOWED


def minor_warning(age_at_violation: int | None) -> str:
    """Return the warning shown on a case whose party was a minor; empty for adults."""
    if age_at_violation is None or age_at_violation >= MITIGATION_BELOW_AGE:
        return ""
    if age_at_violation < NO_PENALTY_BELOW_AGE:
        return f"当事人违法时{age_at_violation}周岁，不满十四周岁，依法不予行政处罚。"
    return (
        f"当事人违法时{age_at_violation}周岁，已满十四周岁不满十八周岁，应当从轻或者减轻行政处罚。"
    )
