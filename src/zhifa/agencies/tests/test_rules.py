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


@pytest.mark.parametrize(
    ("occurred_on", "latest", "allowed"),
    [
        (D(2026, 3, 1), None, True),  # the first event of a credential
        (D(2026, 3, 1), D(2026, 3, 1), True),  # same day as the latest event
        (D(2026, 3, 2), D(2026, 3, 1), True),
        (D(2026, 2, 28), D(2026, 3, 1), False),
        (D(2025, 12, 31), D(2026, 1, 1), False),
    ],
)
def test_event_date_order_table(occurred_on, latest, allowed):
    outcome = rules.check_event_date_order(occurred_on, latest)
    assert outcome.allowed is allowed
    if not allowed:
        assert occurred_on.isoformat() in outcome.reason
        assert latest.isoformat() in outcome.reason


@pytest.mark.parametrize(
    ("issued_on", "valid_from", "valid_until", "allowed", "words"),
    [
        (D(2026, 3, 1), D(2026, 3, 1), D(2029, 2, 28), True, []),
        (D(2026, 3, 1), D(2026, 1, 1), D(2026, 3, 1), True, []),  # last valid day is issue day
        (D(2026, 3, 1), D(2026, 4, 1), D(2029, 3, 31), True, []),  # starts after issue
        (D(2026, 3, 1), D(2026, 3, 1), D(2026, 3, 1), False, ["应晚于“有效期自”"]),
        (D(2026, 3, 1), D(2026, 3, 1), D(2026, 2, 1), False, ["应晚于“有效期自”"]),
        (D(2026, 3, 1), D(2025, 1, 1), D(2026, 2, 28), False, ["已过期", "2026-02-28"]),
    ],
)
def test_validity_period_table(issued_on, valid_from, valid_until, allowed, words):
    outcome = rules.check_validity_period(issued_on, valid_from, valid_until)
    assert outcome.allowed is allowed
    for word in words:
        assert word in outcome.reason


@pytest.mark.parametrize(
    ("reviewed_on", "valid_from", "valid_until", "allowed"),
    [
        (D(2026, 6, 1), D(2025, 1, 1), D(2027, 12, 31), True),
        (D(2025, 1, 1), D(2025, 1, 1), D(2027, 12, 31), True),  # first day of validity
        (D(2027, 12, 31), D(2025, 1, 1), D(2027, 12, 31), True),  # last day of validity
        (D(2024, 12, 31), D(2025, 1, 1), D(2027, 12, 31), False),
        (D(2028, 1, 1), D(2025, 1, 1), D(2027, 12, 31), False),
        (D(2026, 6, 1), None, None, False),
    ],
)
def test_annual_review_date_table(reviewed_on, valid_from, valid_until, allowed):
    outcome = rules.check_annual_review_date(reviewed_on, valid_from, valid_until)
    assert outcome.allowed is allowed
    if not allowed and valid_from is not None:
        assert reviewed_on.isoformat() in outcome.reason
        assert valid_until.isoformat() in outcome.reason


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (D(2008, 12, 4), D(2026, 12, 4), 18),  # 18th birthday
        (D(2008, 12, 5), D(2026, 12, 4), 17),  # the day before it
        (D(1985, 3, 12), D(2026, 12, 4), 41),
        (D(2008, 2, 29), D(2026, 2, 28), 17),  # a leap-day birthday counts from 1 March
        (D(2008, 2, 29), D(2026, 3, 1), 18),
        (D(2008, 2, 29), D(2028, 2, 29), 20),
    ],
)
def test_age_on_table(born, day, age):
    assert rules.age_on(born, day) == age


@pytest.mark.parametrize(
    ("born", "entry_day", "allowed", "words"),
    [
        (D(2008, 12, 4), D(2026, 12, 4), True, []),
        (D(2008, 12, 5), D(2026, 12, 4), False, ["年满17周岁", "2008-12-05", "2026-12-04"]),
        (D(2012, 1, 1), D(2026, 12, 4), False, ["年满14周岁"]),
        (D(2027, 1, 1), D(2026, 12, 4), False, ["晚于录入之日"]),
    ],
)
def test_officer_age_table(born, entry_day, allowed, words):
    outcome = rules.check_officer_age(born, entry_day)
    assert outcome.allowed is allowed
    for word in words:
        assert word in outcome.reason
