"""Rules for closing a case without a penalty (行政处罚法 Art. 30, 33, 57 and 27).

Each check returns a ``RuleOutcome`` whose refusal reason names what is missing.
"""

from dataclasses import dataclass

from zhifa.cases.rules.common import ALLOWED, RuleOutcome, refused
from zhifa.cases.rules.penalty import NO_PENALTY_BELOW_AGE

# 行政处罚法 Art. 33 para. 3: a party not penalised under the law is educated. Art. 30 orders
# the guardian of a child under 14 to discipline it, which the agency records as well.
EDUCATION_REQUIRED = frozenset(
    {
        "no_penalty_minor",
        "no_penalty_first_violation",
        "no_penalty_no_fault",
        "no_penalty_under_age",
    }
)


@dataclass(frozen=True)
class OutcomeFacts:
    """The contents an officer records for a no-penalty outcome or a transfer to the judiciary."""

    code: str
    age_at_violation: int | None
    facts: str = ""
    legal_basis: str = ""
    education: str = ""
    corrected: bool = False
    no_harm: bool = False
    first_violation: bool = False
    discretion_reasons: str = ""
    no_fault_evidence: str = ""
    guardian_discipline: str = ""
    not_established_reasons: str = ""
    receiving_organ: str = ""
    suspected_crime: str = ""


def _missing(facts: OutcomeFacts) -> list[str]:
    """Return the labels of the contents the outcome needs and lacks."""
    code = facts.code
    missing = []
    if code != "no_penalty_not_established" and not facts.facts.strip():
        missing.append("违法事实")
    if code != "transfer_to_judiciary" and not facts.legal_basis.strip():
        missing.append("法律依据")
    if code == "no_penalty_minor":
        # Art. 33 para. 1: minor, promptly corrected and without harmful consequences.
        if not facts.corrected:
            missing.append("当事人已及时改正")
        if not facts.no_harm:
            missing.append("没有造成危害后果")
    if code == "no_penalty_first_violation":
        # Art. 33 para. 1, second sentence: first violation, minor harm, promptly corrected;
        # the agency "may" not penalise, so it states why it uses that discretion.
        if not facts.first_violation:
            missing.append("当事人系初次违法")
        if not facts.corrected:
            missing.append("当事人已及时改正")
        if not facts.discretion_reasons.strip():
            missing.append("裁量理由")
    if code == "no_penalty_no_fault" and not facts.no_fault_evidence.strip():
        # Art. 33 para. 2: the party proves it had no subjective fault.
        missing.append("证明当事人没有主观过错的证据")
    if code == "no_penalty_under_age" and not facts.guardian_discipline.strip():
        missing.append("责令监护人加以管教的情况")
    if code == "no_penalty_not_established" and not facts.not_established_reasons.strip():
        missing.append("违法事实不能成立的理由")
    if code == "transfer_to_judiciary":
        # Art. 27 para. 1 and Art. 57 para. 1 (4): a suspected crime goes to the judiciary.
        if not facts.receiving_organ.strip():
            missing.append("接收移送的司法机关")
        if not facts.suspected_crime.strip():
            missing.append("涉嫌犯罪的事实和理由")
    if code in EDUCATION_REQUIRED and not facts.education.strip():
        missing.append("对当事人进行教育的情况")
    return missing


def check_outcome(facts: OutcomeFacts) -> RuleOutcome:
    """Check a no-penalty outcome or a transfer against the age rule and its contents.

    行政处罚法 Art. 30: a party under 14 on the violation date is not penalised, so the only
    outcomes open are the no-penalty ones; the under-14 outcome is open to such a party only.
    """
    age = facts.age_at_violation
    under_age = age is not None and age < NO_PENALTY_BELOW_AGE
    if facts.code == "no_penalty_under_age" and not under_age:
        shown = "无法确定" if age is None else f"{age}周岁"
        return refused(
            f"当事人违法时年龄为{shown}，只有违法时不满十四周岁的当事人才能以此理由不予行政处罚。"
        )
    if facts.code == "transfer_to_judiciary" and under_age:
        return refused(
            f"当事人违法时{age}周岁，不满十四周岁，依法只能作出不予行政处罚的决定，"
            "并责令监护人加以管教。"
        )
    missing = _missing(facts)
    if missing:
        return refused(f"缺少：{'、'.join(missing)}。")
    return ALLOWED
