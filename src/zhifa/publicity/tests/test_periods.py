"""Publication periods from the seeded rules: each rule, longest wins, domain minimum, bans."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from zhifa.publicity.changes.periods import add_months, dates_for, period_for
from zhifa.publicity.models import PeriodRule, Publication

DECIDED = datetime.date(2026, 11, 5)


def day(year: int, month: int, number: int) -> datetime.date:
    return datetime.date(year, month, number)


@pytest.fixture
def low_fine_rule(db: None) -> PeriodRule:
    rule = PeriodRule.objects.get(code="penalty-low-fine")
    rule.fine_up_to = Decimal("1000")
    rule.is_active = True
    rule.save()
    return rule


def dates(make_publication: Callable[..., Publication], **facts: Any) -> tuple[Any, Any]:
    publication = make_publication(facts=facts)
    return dates_for(publication, DECIDED + datetime.timedelta(days=3))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (day(2026, 11, 5), 3, day(2027, 2, 5)),
        (day(2026, 11, 30), 3, day(2027, 2, 28)),
        (day(2027, 11, 30), 3, day(2028, 2, 29)),
        (day(2026, 1, 31), 1, day(2026, 2, 28)),
        (day(2026, 11, 5), 36, day(2029, 11, 5)),
    ],
)
def test_add_months_keeps_day_or_month_end(
    start: datetime.date, months: int, expected: datetime.date
) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("facts", "min_end", "end"),
    [
        # Ordinary fine: at least 3 months, at most 3 years (58号令).
        ({"penalty_types": ["fine"], "fine_amount": "50000"}, day(2027, 2, 5), day(2029, 11, 5)),
        # 通报批评 only: 3 months (总局令第45号).
        ({"penalty_types": ["circulated_criticism"]}, day(2027, 2, 5), day(2027, 2, 5)),
        # Warning: no rule of its own, so the general one.
        ({"penalty_types": ["warning"]}, day(2027, 2, 5), day(2029, 11, 5)),
        # 吊销: 3 years and never removed early, so the minimum is the whole period.
        ({"penalty_types": ["license_revocation"]}, day(2029, 11, 5), day(2029, 11, 5)),
        # Several types: the longest period and the strictest removal rule win.
        (
            {"penalty_types": ["circulated_criticism", "business_suspension"]},
            day(2029, 11, 5),
            day(2029, 11, 5),
        ),
        # A ban of 5 years outlasts the 3-year period (总局令第45号).
        (
            {"penalty_types": ["fine", "practice_restriction"], "ban_months": 60},
            day(2031, 11, 5),
            day(2031, 11, 5),
        ),
        # A ban of 1 year keeps the 3-year period.
        (
            {"penalty_types": ["practice_restriction"], "ban_months": 12},
            day(2029, 11, 5),
            day(2029, 11, 5),
        ),
        # No penalty types recorded: the general rule.
        ({"penalty_types": []}, day(2027, 2, 5), day(2029, 11, 5)),
    ],
)
def test_penalty_periods_by_type(
    make_publication: Callable[..., Publication],
    facts: dict[str, Any],
    min_end: datetime.date,
    end: datetime.date,
) -> None:
    assert dates(make_publication, **facts) == (min_end, end)


def test_low_fine_rule_inactive_until_amount_set(
    make_publication: Callable[..., Publication],
) -> None:
    seeded = PeriodRule.objects.get(code="penalty-low-fine")
    assert seeded.is_active is False
    assert seeded.fine_up_to is None
    assert seeded.confirmed is False

    assert dates(make_publication, penalty_types=["fine"], fine_amount="200")[1] == day(2029, 11, 5)


def test_low_fine_three_months_once_set(
    make_publication: Callable[..., Publication], low_fine_rule: PeriodRule
) -> None:
    low = dates(make_publication, penalty_types=["fine"], fine_amount="1000")
    high = dates(make_publication, penalty_types=["fine"], fine_amount="1000.01")

    assert low == (day(2027, 2, 5), day(2027, 2, 5))
    assert high == (day(2027, 2, 5), day(2029, 11, 5))


def test_low_fine_with_confiscation_takes_longest(
    make_publication: Callable[..., Publication], low_fine_rule: PeriodRule
) -> None:
    result = dates(
        make_publication,
        penalty_types=["fine", "illegal_gains_confiscated"],
        fine_amount="500",
    )
    assert result == (day(2027, 2, 5), day(2029, 11, 5))


@pytest.mark.parametrize("domain", ["special-equipment", "emergency", "fire"])
def test_safety_domains_have_one_year_minimum(
    make_publication: Callable[..., Publication], low_fine_rule: PeriodRule, domain: str
) -> None:

    result = dates(
        make_publication, penalty_types=["fine"], fine_amount="500", domain_codes=[domain, "city"]
    )

    assert result == (day(2027, 11, 5), day(2029, 11, 5))


def test_other_domain_keeps_three_month_minimum(
    make_publication: Callable[..., Publication],
) -> None:
    result = dates(make_publication, penalty_types=["fine"], fine_amount="5000")
    assert result[0] == day(2027, 2, 5)


def test_period_names_non_removable_types(make_publication: Callable[..., Publication]) -> None:
    publication = make_publication(facts={"penalty_types": ["fine", "business_suspension"]})

    period = period_for(publication)

    assert period is not None
    assert period.early_removal_allowed is False
    assert period.non_removable == ["责令停产停业"]
    assert "penalty-business-suspension" in period.rule_codes


def test_licence_ends_with_its_validity(make_publication: Callable[..., Publication]) -> None:
    short = make_publication(
        kind="license", original_fields={"XK_YXQZI": "2028-06-30"}, facts={"penalty_types": []}
    )
    long_term = make_publication(
        kind="license", original_fields={"XK_YXQZI": "2099/12/31"}, facts={"penalty_types": []}
    )

    assert dates_for(short, DECIDED) == (day(2028, 6, 30), day(2028, 6, 30))
    assert dates_for(long_term, DECIDED) == (day(2029, 11, 5), day(2029, 11, 5))


def test_other_kinds_default_three_years(make_publication: Callable[..., Publication]) -> None:
    publication = make_publication(kind="inspection", facts={"penalty_types": []})
    assert dates_for(publication, DECIDED) == (day(2029, 11, 5), day(2029, 11, 5))


def test_no_active_rule_gives_no_end(make_publication: Callable[..., Publication]) -> None:
    PeriodRule.objects.filter(kind="inspection").update(is_active=False)
    publication = make_publication(kind="inspection")
    assert dates_for(publication, DECIDED) == (None, None)


def test_seeded_rules_name_sources(db: None) -> None:
    rules = list(PeriodRule.objects.all())
    assert len(rules) == 17
    for rule in rules:
        assert rule.source
        if "45号" not in rule.source:
            assert rule.confirmed is False, rule.code


def test_rule_page_edit_is_audited(supervisor_user: Any, officer_user: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    from zhifa.accounts.models import AuditEntry

    rule = PeriodRule.objects.get(code="penalty-low-fine")
    officer = Client()
    officer.force_login(officer_user)
    assert officer.get(reverse("publicity:period_rule_list")).status_code == 200
    assert officer.get(reverse("publicity:period_rule_edit", args=[rule.pk])).status_code == 403

    supervisor = Client()
    supervisor.force_login(supervisor_user)
    response = supervisor.post(
        reverse("publicity:period_rule_edit", args=[rule.pk]),
        {
            "kind": "penalty",
            "penalty_type": "fine",
            "fine_up_to": "1000",
            "min_months": "3",
            "max_months": "3",
            "early_removal_allowed": "on",
            "source": rule.source,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.fine_up_to == Decimal("1000")
    assert rule.is_active is True
    entry = AuditEntry.objects.get(action="publication_rule_changed")
    assert entry.detail["before"]["is_active"] == "False"
    assert entry.detail["after"]["fine_up_to"] == "1000"


def test_rule_page_rejects_max_below_min(supervisor_user: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    supervisor = Client()
    supervisor.force_login(supervisor_user)
    response = supervisor.post(
        reverse("publicity:period_rule_create"),
        {
            "code": "test-rule",
            "kind": "penalty",
            "min_months": "12",
            "max_months": "6",
            "source": "测试",
        },
    )

    assert response.status_code == 200
    assert "“最长公示期”不能短于“最短公示期”" in response.content.decode()
    assert not PeriodRule.objects.filter(code="test-rule").exists()
