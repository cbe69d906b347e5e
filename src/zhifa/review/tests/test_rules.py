"""Scenario tables for the rule groups 1-8, run on the pure rule functions."""

import datetime
from decimal import Decimal
from typing import Any

import pytest

from zhifa.agencies.models import Agency
from zhifa.review.models import HearingThreshold, ReviewCatalog, ReviewCatalogEntry
from zhifa.review.proposals import FlagInput, ProposedDecision
from zhifa.review.results import FineHistory
from zhifa.review.rules import Facts, evaluate

DAY = datetime.date(2026, 12, 1)


def row(amount: str, source: str = "上海市规定", confirmed: bool = False) -> HearingThreshold:
    return HearingThreshold(amount=Decimal(amount), legal_source=source, confirmed=confirmed)


SHANGHAI = {
    ("fine", "citizen"): row("5000"),
    ("fine", "organization"): row("50000"),
    ("confiscation", "citizen"): row("5000"),
    ("confiscation", "organization"): row("50000"),
}
MARKET = {
    ("fine", "citizen"): row("10000", "市场监督管理行政处罚听证办法"),
    ("fine", "organization"): row("100000", "市场监督管理行政处罚听证办法"),
}


def penalty(*types: str, **fields: Any) -> ProposedDecision:
    fields.setdefault("party_kinds", frozenset({"natural_person"}))
    for key in ("fine", "confiscation", "statutory_minimum_fine"):
        if key in fields:
            fields[key] = Decimal(fields[key])
    return ProposedDecision(
        kind="penalty", penalty_types=frozenset(types), decided_on=DAY, **fields
    )


def codes(proposal: ProposedDecision, facts: Facts | None = None) -> list[str]:
    matches, _ = evaluate(proposal, facts or Facts(thresholds=SHANGHAI))
    return [f"{match.rule}:{match.code}" for match in matches]


PERSON = frozenset({"natural_person"})
BUSINESS = frozenset({"individual_business"})
COMPANY = frozenset({"legal_person"})
BOTH = frozenset({"natural_person", "legal_person"})

HEARING_SCENARIOS = [
    # (proposal, facts, expected codes)
    (penalty("fine", fine="4999.99"), None, []),
    (penalty("fine", fine="5000"), None, ["1:hearing_fine_citizen"]),
    (penalty("fine", fine="5000", party_kinds=BUSINESS), None, ["1:hearing_fine_citizen"]),
    (penalty("fine", fine="49999.99", party_kinds=COMPANY), None, []),
    (penalty("fine", fine="50000", party_kinds=COMPANY), None, ["1:hearing_fine_organization"]),
    (penalty("fine", fine="6000", party_kinds=BOTH), None, ["1:hearing_fine_citizen"]),
    (
        penalty("fine", fine="50000", party_kinds=BOTH),
        None,
        ["1:hearing_fine_citizen", "1:hearing_fine_organization"],
    ),
    (penalty("illegal_gains_confiscated", confiscation="4999.99"), None, []),
    (
        penalty("illegal_property_confiscated", confiscation="5000"),
        None,
        ["1:hearing_confiscation_citizen"],
    ),
    # An amount without the matching penalty type is not counted.
    (penalty("warning", fine="9000"), None, []),
    (penalty("fine", fine="9999.99"), Facts(thresholds=MARKET), []),
    (penalty("fine", fine="10000"), Facts(thresholds=MARKET), ["1:hearing_fine_citizen"]),
    (penalty("business_suspension"), None, ["1:hearing_penalty_type"]),
    (penalty("license_revocation", "fine", fine="100"), None, ["1:hearing_penalty_type"]),
    (penalty("warning"), None, []),
    (ProposedDecision(kind="licensing", hearing_required=True), None, ["1:licensing_hearing"]),
    (ProposedDecision(kind="licensing"), None, []),
]


@pytest.mark.parametrize(("proposal", "facts", "expected"), HEARING_SCENARIOS)
def test_hearing_rule_scenarios(proposal: ProposedDecision, facts: Any, expected: list) -> None:
    assert codes(proposal, facts) == expected


def test_hearing_reason_names_figures() -> None:
    matches, _ = evaluate(penalty("fine", fine="60000", party_kinds=COMPANY), Facts(SHANGHAI))
    assert matches[0].reason == "对法人或者其他组织罚款60000元，达到较大数额50000元"
    assert "待核实" not in matches[0].reason
    assert matches[0].confirmed is False


def test_hearing_without_threshold_row_notes() -> None:
    matches, notes = evaluate(penalty("fine", fine="60000"), Facts(thresholds={}))
    assert matches == []
    assert notes == ["没有适用于公民罚款的较大数额标准，未作比对。"]


def test_hearing_without_party_kind_notes() -> None:
    matches, notes = evaluate(penalty("fine", fine="60000", party_kinds=frozenset()), Facts())
    assert matches == []
    assert "未提供当事人类型" in notes[0]


MITIGATED = FlagInput("mitigated", "当事人主动消除违法后果")

OTHER_SCENARIOS = [
    (penalty("fine", fine="500", flags=(MITIGATED,)), ["2:mitigated"]),
    (penalty("fine", fine="999.99", statutory_minimum_fine="1000"), ["2:below_minimum"]),
    (penalty("fine", fine="1000", statutory_minimum_fine="1000"), []),
    (ProposedDecision(kind="license_change"), ["3:license_change"]),
    (ProposedDecision(kind="license_withdrawal"), ["3:license_withdrawal"]),
    (ProposedDecision(kind="license_annulment"), ["3:license_annulment"]),
    (ProposedDecision(kind="license_cancellation"), []),
    (ProposedDecision(kind="compulsory_enforcement"), ["4:compulsory_enforcement"]),
    (
        ProposedDecision(kind="compulsory_enforcement", enforcement_method="enforcement_decision"),
        ["4:compulsory_enforcement"],
    ),
    (
        ProposedDecision(
            kind="compulsory_enforcement", enforcement_method="substitute_performance"
        ),
        ["4:compulsory_enforcement"],
    ),
    (
        ProposedDecision(
            kind="compulsory_enforcement", enforcement_method="immediate_substitute_performance"
        ),
        [],
    ),
    (ProposedDecision(kind="compulsory_enforcement", enforcement_method="additional_fine"), []),
    (ProposedDecision(kind="compulsory_enforcement", enforcement_method="late_fee"), []),
    (ProposedDecision(kind="housing_expropriation"), ["5:housing_expropriation"]),
    (
        ProposedDecision(kind="penalty", flags=(FlagInput("public_opinion_risk", "媒体关注"),)),
        ["6:public_opinion_risk"],
    ),
    (
        ProposedDecision(kind="penalty", flags=(FlagInput("new_domain", "网约车新业态"),)),
        ["6:new_domain"],
    ),
    (
        ProposedDecision(kind="licensing", flags=(FlagInput("social_risk", "涉及众多居民"),)),
        ["6:social_risk"],
    ),
    (
        ProposedDecision(kind="penalty", flags=(FlagInput("major_public_interest", "饮用水"),)),
        ["7:major_public_interest"],
    ),
    (
        ProposedDecision(
            kind="penalty",
            hearing_held=True,
            flags=(FlagInput("major_rights_after_hearing", "吊销唯一经营许可"),),
        ),
        ["7:major_rights_after_hearing"],
    ),
    (
        ProposedDecision(
            kind="penalty", flags=(FlagInput("major_rights_after_hearing", "吊销唯一经营许可"),)
        ),
        [],
    ),
    (
        ProposedDecision(kind="penalty", flags=(FlagInput("complex", "三个违法主体"),)),
        ["7:complex"],
    ),
    (
        ProposedDecision(kind="penalty", flags=(FlagInput("other_rule", "某条例第十条"),)),
        ["8:other_rule"],
    ),
    (ProposedDecision(kind="other"), []),
]


@pytest.mark.parametrize(("proposal", "expected"), OTHER_SCENARIOS)
def test_rule_groups_2_to_8(proposal: ProposedDecision, expected: list[str]) -> None:
    assert codes(proposal) == expected


def test_case_flags_match_article_58() -> None:
    facts = Facts(case_flags=frozenset({"multiple_legal_relationships", "serious"}))
    assert codes(ProposedDecision(kind="penalty"), facts) == ["7:case_multiple_legal_relationships"]


def test_catalog_entries_match_rule_8() -> None:
    catalog = ReviewCatalog(agency=Agency(short_name="区市场监管局"), version=2)
    entry = ReviewCatalogEntry(description="罚款一万元以上", legal_source="本局审核目录")
    facts = Facts(catalog=catalog, catalog_entries=(entry,))
    matches, _ = evaluate(ProposedDecision(kind="penalty", agency_id=1), facts)
    assert [(match.rule, match.source) for match in matches] == [(8, "本局审核目录")]
    assert matches[0].reason == "列入区市场监管局法制审核目录清单（第2版）：罚款一万元以上"


def history(count: int, mean: str, median: str = "3000", scope: str = "agency") -> FineHistory:
    return FineHistory("QP-001", scope, count, Decimal(mean), Decimal(median), Decimal("2"), 5)


AVERAGE_SCENARIOS = [
    ("6000", history(5, "3000"), []),
    ("6000.01", history(5, "3000"), ["6:fine_above_average"]),
    ("6000.01", history(5, "3000", scope="district"), ["6:fine_above_average"]),
    ("90000", history(4, "3000", scope="district"), []),
]


@pytest.mark.parametrize(("fine", "fine_history", "expected"), AVERAGE_SCENARIOS)
def test_above_average_scenarios(fine: str, fine_history: FineHistory, expected: list) -> None:
    facts = Facts(fine_history=fine_history)
    proposal = penalty("fine", fine=fine, party_kinds=frozenset())
    assert codes(proposal, facts) == expected


def test_above_average_reason_and_short_history_note() -> None:
    proposal = penalty("fine", fine="9000", party_kinds=COMPANY)
    facts = Facts(thresholds=SHANGHAI, fine_history=history(6, "3000"), history_years=3)
    matches, _ = evaluate(proposal, facts)
    assert matches[0].reason == (
        "拟罚款9000元，超过以往平均罚款3000元的2倍（6000元），中位数3000元；"
        "依据本单位近3年同一执法事项6件处罚决定"
    )
    short = Facts(thresholds=SHANGHAI, fine_history=history(4, "3000", scope="district"))
    _, notes = evaluate(proposal, short)
    assert notes == ["全区近3年同一执法事项4件处罚决定，少于5件，未比较以往平均罚款金额。"]
