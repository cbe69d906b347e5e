"""Rule tables: review body, reviewer ratio and qualification, training, expiry, transitions."""

import datetime
from decimal import Decimal

import pytest

from zhifa.agencies import rules
from zhifa.agencies.models import CredentialEventKind as Kind
from zhifa.agencies.models import CredentialStatus as Status

D = datetime.date


@pytest.mark.parametrize(
    ("department_agency", "legal", "kinds", "allowed", "words"),
    [
        (1, True, [], True, []),
        (1, True, ["行政处罚"], True, []),  # the legal department may handle cases too
        (1, False, [], True, []),
        (1, False, ["行政处罚"], False, ["执法稽查科", "行政处罚"]),
        (1, False, ["行政许可", "行政征收"], False, ["行政许可、行政征收"]),
        (1, False, ["行政强制执行"], False, ["行政强制执行"]),
        (1, False, ["行政征用"], False, ["行政征用"]),
        (2, True, [], False, ["不是本单位的内设部门"]),
    ],
)
def test_review_body_rule(department_agency, legal, kinds, allowed, words):
    outcome = rules.check_review_body(
        1,
        department_agency_id=department_agency,
        department_name="执法稽查科",
        is_legal_department=legal,
        handled_kinds=kinds,
    )
    assert outcome.allowed is allowed
    for word in words:
        assert word in outcome.reason


@pytest.mark.parametrize(
    ("reviewers", "officers", "compliant", "percent", "required"),
    [
        (0, 20, False, "0.0%", 1),
        (1, 21, False, "4.8%", 2),  # below 5%
        (1, 20, True, "5.0%", 1),  # exactly 5%
        (2, 20, True, "10.0%", 1),  # above
        (3, 60, True, "5.0%", 3),
        (2, 41, False, "4.9%", 3),
    ],
)
def test_reviewer_ratio_table(reviewers, officers, compliant, percent, required):
    ratio = rules.reviewer_ratio(reviewers, officers, Decimal("0.05"))
    assert ratio.compliant is compliant
    assert ratio.percent_label == percent
    assert ratio.required_reviewers == required


def test_reviewer_ratio_zero_officers_is_undefined():
    ratio = rules.reviewer_ratio(2, 0, Decimal("0.05"))
    assert ratio.ratio is None
    assert ratio.compliant is None
    assert ratio.percent_label == "无法计算"
    assert "暂无持有效执法证件的人员" in ratio.explanation


def test_reviewer_ratio_explanation_names_shortfall():
    ratio = rules.reviewer_ratio(1, 40, Decimal("0.05"))
    assert "低于5.0%" in ratio.explanation
    assert "至少应配备2人" in ratio.explanation


@pytest.mark.parametrize(
    ("started_on", "qualified", "allowed"),
    [
        (D(2019, 3, 1), False, True),
        (D(2021, 7, 14), False, True),  # the day before Art. 58 took effect
        (D(2021, 7, 15), False, False),  # the first day it applies
        (D(2024, 1, 2), False, False),
        (D(2021, 7, 15), True, True),
        (D(2024, 1, 2), True, True),
    ],
)
def test_reviewer_qualification_rule(started_on, qualified, allowed):
    outcome = rules.check_reviewer_qualification(started_on, qualified)
    assert outcome.allowed is allowed
    if not allowed:
        assert "第五十八条第二款" in outcome.reason
        assert started_on.isoformat() in outcome.reason


@pytest.mark.parametrize(
    ("hours", "required", "missing"),
    [
        (Decimal(0), Decimal(60), Decimal(60)),
        (Decimal("59.5"), Decimal(60), Decimal("0.5")),
        (Decimal(60), Decimal(60), Decimal(0)),
        (Decimal(75), Decimal(60), Decimal(0)),
    ],
)
def test_training_shortfall_table(hours, required, missing):
    assert rules.training_shortfall(hours, required) == missing


@pytest.mark.parametrize(
    ("status", "valid_until", "expected"),
    [
        (Status.ACTIVE, D(2026, 12, 4), True),  # expires today
        (Status.ACTIVE, D(2027, 2, 2), True),  # day 60
        (Status.ACTIVE, D(2027, 2, 3), False),  # day 61
        (Status.ACTIVE, D(2026, 12, 3), False),  # already expired
        (Status.ACTIVE, None, False),
        (Status.SUSPENDED, D(2026, 12, 20), False),
        (Status.REVOKED, D(2026, 12, 20), False),
    ],
)
def test_credential_expires_soon_table(status, valid_until, expected):
    assert rules.credential_expires_soon(status, valid_until, D(2026, 12, 4), 60) is expected


# Every (event, current status) pair, with the status it leaves or None when refused.
TRANSITIONS = [
    (Kind.APPLIED, None, Status.APPLIED),
    (Kind.APPLIED, Status.APPLIED, None),
    (Kind.APPLIED, Status.ACTIVE, None),
    (Kind.APPLIED, Status.SUSPENDED, None),
    (Kind.EXAM_PASSED, Status.APPLIED, Status.APPLIED),
    (Kind.EXAM_PASSED, Status.ACTIVE, None),
    (Kind.EXAM_EXEMPTED, Status.APPLIED, Status.APPLIED),
    (Kind.EXAM_EXEMPTED, None, None),
    (Kind.ISSUED, Status.APPLIED, Status.ACTIVE),
    (Kind.ISSUED, Status.ACTIVE, None),
    (Kind.ISSUED, Status.SUSPENDED, None),
    (Kind.ANNUAL_REVIEW_PASSED, Status.ACTIVE, Status.ACTIVE),
    (Kind.ANNUAL_REVIEW_PASSED, Status.APPLIED, None),
    (Kind.ANNUAL_REVIEW_PASSED, Status.SUSPENDED, None),
    (Kind.ANNUAL_REVIEW_FAILED, Status.ACTIVE, Status.SUSPENDED),
    (Kind.ANNUAL_REVIEW_FAILED, Status.APPLIED, None),
    (Kind.SUSPENDED, Status.ACTIVE, Status.SUSPENDED),
    (Kind.SUSPENDED, Status.SUSPENDED, None),
    (Kind.SUSPENDED, Status.APPLIED, None),
    (Kind.REINSTATED, Status.SUSPENDED, Status.ACTIVE),
    (Kind.REINSTATED, Status.ACTIVE, None),
    (Kind.REVOKED, Status.APPLIED, Status.REVOKED),
    (Kind.REVOKED, Status.ACTIVE, Status.REVOKED),
    (Kind.REVOKED, Status.SUSPENDED, Status.REVOKED),
    (Kind.REVOKED, None, None),
    (Kind.RENEWED, Status.ACTIVE, Status.ACTIVE),
    (Kind.RENEWED, Status.SUSPENDED, None),
    (Kind.RENEWED, Status.APPLIED, None),
]


@pytest.mark.parametrize(("kind", "current", "result"), TRANSITIONS)
def test_credential_transition_table(kind, current, result):
    outcome = rules.check_credential_event(kind, current)
    assert outcome.allowed is (result is not None)
    if result is None:
        assert "不能办理" in outcome.reason
        assert Kind(kind).label in outcome.reason
    else:
        assert rules.CREDENTIAL_EVENT_EFFECTS[kind].to_status == result


def test_every_event_effect_is_an_allowed_pair():
    for effect in rules.CREDENTIAL_EVENT_EFFECTS.values():
        for start in effect.from_statuses:
            assert (start, effect.to_status) in rules.CREDENTIAL_STATUS_TRANSITIONS


def test_every_event_kind_has_an_effect():
    assert set(rules.CREDENTIAL_EVENT_EFFECTS) == set(Kind.values)


def test_revoked_is_terminal():
    for kind in Kind.values:
        assert not rules.check_credential_event(kind, Status.REVOKED).allowed


def test_unknown_event_kind_is_refused():
    outcome = rules.check_credential_event("lost", Status.ACTIVE)
    assert not outcome.allowed
    assert "lost" in outcome.reason
