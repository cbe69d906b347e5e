"""The stage tables: allowed stage pairs per case kind, step placement and refusal reasons."""

import itertools

import pytest

from zhifa.cases import stages
from zhifa.cases.models import CaseKind, Stage
from zhifa.cases.numbering import DEFAULT_PATTERNS

INI, V, R, D, S, E, C = (
    Stage.INITIATION,
    Stage.INVESTIGATION,
    Stage.REVIEW,
    Stage.DECISION,
    Stage.SERVICE,
    Stage.EXECUTION,
    Stage.CLOSING,
)

EXPECTED_PAIRS = {
    CaseKind.PENALTY_ORDINARY: {(INI, V), (V, R), (R, V), (R, D), (D, S), (S, E), (S, C), (E, C)},
    CaseKind.PENALTY_SUMMARY: {(D, S), (S, E), (S, C), (E, C)},
    CaseKind.INSPECTION: {(INI, V), (V, D), (D, C)},
}


@pytest.mark.parametrize(
    ("kind", "source", "target"),
    [
        (kind, source, target)
        for kind in EXPECTED_PAIRS
        for source, target in itertools.permutations(Stage.values, 2)
    ],
)
def test_transition_table(kind: str, source: str, target: str) -> None:
    expected = (source, target) in EXPECTED_PAIRS[CaseKind(kind)]
    assert stages.can_transition(kind, source, target) is expected


@pytest.mark.parametrize("kind", sorted(stages.PROCEDURES))
def test_procedure_is_consistent(kind: str) -> None:
    procedure = stages.procedure_for(kind)
    for spec in procedure.steps.values():
        assert spec.stage in procedure.stages, spec.code
        assert spec.also_in <= set(procedure.stages), spec.code
        assert not spec.follow_up or spec.follow_up in procedure.steps, spec.code
    for stage, groups in procedure.required.items():
        for group in groups:
            for code in group:
                assert procedure.steps[code].stage == stage, code
    for source, target in stages.TRANSITIONS[kind]:
        assert source in procedure.stages
        assert target in procedure.stages


def test_every_kind_has_a_procedure() -> None:
    assert set(stages.PROCEDURES) == set(CaseKind.values)


def test_ordinary_on_site_steps() -> None:
    procedure = stages.procedure_for(CaseKind.PENALTY_ORDINARY)
    on_site = {code for code, spec in procedure.steps.items() if spec.on_site}
    assert on_site == {
        "inspection_record",
        "inquiry_record",
        "evidence_preservation",
        "site_examination",
        "sampling",
    }


ORDINARY = CaseKind.PENALTY_ORDINARY
PLACEMENTS = [
    # kind, current stage, step, recorded steps, allowed, moves to
    (ORDINARY, INI, "filing_approval", ["case_opened"], True, ""),
    (ORDINARY, INI, "inquiry_record", ["case_opened"], False, ""),
    (ORDINARY, INI, "inquiry_record", ["case_opened", "filing_approval"], True, V),
    (ORDINARY, V, "deadline_extension", [], True, ""),
    (ORDINARY, V, "investigation_report", ["filing_approval"], False, ""),
    (ORDINARY, V, "investigation_report", ["filing_approval", "sampling"], True, R),
    (
        ORDINARY,
        V,
        "investigation_report",
        ["filing_approval", "evidence_preservation"],
        False,
        "",
    ),
    (ORDINARY, R, "inquiry_record", ["investigation_report"], True, V),
    (ORDINARY, R, "penalty_decision", ["investigation_report"], True, D),
    (ORDINARY, R, "document_service", ["investigation_report"], False, ""),
    (ORDINARY, D, "document_service", ["prior_notice"], False, ""),
    (ORDINARY, D, "document_service", ["prior_notice", "penalty_decision"], True, S),
    (
        ORDINARY,
        D,
        "document_service",
        ["prior_notice", "penalty_decision", "hearing_request"],
        False,
        "",
    ),
    (ORDINARY, D, "inquiry_record", ["prior_notice"], False, ""),
    (ORDINARY, S, "fine_payment", ["document_service"], True, E),
    (ORDINARY, S, "closing_approval", ["document_service"], True, C),
    (ORDINARY, E, "closing_approval", ["fine_payment"], True, C),
    (ORDINARY, E, "closing_approval", [], False, ""),
    (ORDINARY, C, "fine_payment", [], False, ""),
    (CaseKind.PENALTY_SUMMARY, D, "on_the_spot_service", ["on_the_spot_decision"], True, S),
    (CaseKind.PENALTY_SUMMARY, D, "filing_approval", [], False, ""),
    (CaseKind.INSPECTION, INI, "inspection_record", ["case_opened"], True, V),
    (CaseKind.INSPECTION, V, "inspection_result", [], False, ""),
    (CaseKind.INSPECTION, V, "inspection_result", ["inspection_record"], True, D),
    (CaseKind.INSPECTION, D, "closing_approval", ["inspection_result"], True, C),
]


@pytest.mark.parametrize(("kind", "current", "code", "recorded", "allowed", "moves_to"), PLACEMENTS)
def test_place_step(
    kind: str, current: str, code: str, recorded: list[str], allowed: bool, moves_to: str
) -> None:
    placement = stages.place_step(kind, current, code, recorded)
    assert placement.allowed is allowed, placement.reason
    assert placement.moves_to == moves_to
    if not allowed:
        assert placement.reason


def test_refusal_names_stage_and_what_comes_first() -> None:
    placement = stages.place_step(ORDINARY, INI, "penalty_decision", ["case_opened"])
    assert placement.reason == (
        "案件当前处于“启动”阶段，“行政处罚决定”属于“决定”阶段，"
        "须先完成“启动”、“调查取证”、“审核”阶段。"
    )


def test_refusal_names_missing_steps() -> None:
    placement = stages.place_step(ORDINARY, V, "investigation_report", ["evidence_preservation"])
    assert placement.reason == (
        "案件当前处于“调查取证”阶段，记录“调查终结报告”前须先记录："
        "“先行登记保存证据处理决定”（已记录“证据先行登记保存”）。"
    )


def test_refusal_of_ended_stage_mentions_correction() -> None:
    placement = stages.place_step(ORDINARY, D, "inquiry_record", [])
    assert "已经结束的“调查取证”阶段" in placement.reason
    assert "更正" in placement.reason


def test_unknown_step_is_refused() -> None:
    placement = stages.place_step(CaseKind.INSPECTION, INI, "penalty_decision", [])
    assert placement.reason == "“行政检查”案件没有“penalty_decision”这一办案环节。"


@pytest.mark.parametrize(
    ("kind", "current", "recorded", "expected"),
    [
        (ORDINARY, S, ["document_service"], None),
        (ORDINARY, S, [], "结案前须先记录：“送达”。"),
        (
            ORDINARY,
            R,
            [],
            "案件当前处于“审核”阶段，须先完成“审核”、“决定”、“送达”阶段才能结案；尚缺：“调查终结报告”。",
        ),
        (CaseKind.INSPECTION, D, ["inspection_result"], None),
    ],
)
def test_closing_blocker(
    kind: str, current: str, recorded: list[str], expected: str | None
) -> None:
    assert stages.closing_blocker(kind, current, recorded) == expected


def test_every_kind_has_its_own_number_pattern() -> None:
    case_patterns = {
        key: value for key, value in DEFAULT_PATTERNS.items() if key.startswith("case:")
    }

    assert set(case_patterns) == {f"case:{kind}" for kind in CaseKind.values}
    assert len(set(case_patterns.values())) == len(case_patterns)


@pytest.mark.parametrize("kind", sorted(stages.PROCEDURES))
def test_challengeable_decisions_are_steps(kind: str) -> None:
    procedure = stages.procedure_for(kind)
    if "remedy_filed" in procedure.steps:
        assert procedure.decisions
    assert procedure.decisions <= set(procedure.steps)
    assert set(procedure.unchallengeable) <= procedure.decisions


def test_step_recorded_once_is_refused_again() -> None:
    procedure = stages.Procedure(
        kind=CaseKind.LEVY,
        stages=(Stage.DECISION, Stage.CLOSING),
        steps={"notice": stages.StepSpec("notice", "缴款通知", Stage.DECISION)},
        once=frozenset({"notice"}),
    )
    original = stages.PROCEDURES[CaseKind.LEVY]
    stages.PROCEDURES[CaseKind.LEVY] = procedure
    try:
        first = stages.place_step(CaseKind.LEVY, Stage.DECISION, "notice", [])
        second = stages.place_step(CaseKind.LEVY, Stage.DECISION, "notice", ["notice"])
    finally:
        stages.PROCEDURES[CaseKind.LEVY] = original

    assert first.allowed
    assert not second.allowed
    assert "不能重复记录" in second.reason
