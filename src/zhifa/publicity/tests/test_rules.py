"""The publication rules: each condition, first match wins, inactive rules and the seeded table."""

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.agencies.models import EnforcementDomain
from zhifa.publicity.drafting import conditions
from zhifa.publicity.drafting.rules import RuleRow, decide, verdict_for
from zhifa.publicity.models import PublicationRule


def facts(**values: object) -> dict[str, object]:
    base: dict[str, object] = {
        "procedure": "ordinary",
        "penalty_types": ["fine"],
        "domain_codes": ["city"],
        "minor": False,
        "no_penalty": False,
        "result": "",
        "spot_check": False,
        "state_secret": False,
    }
    return {**base, **values}


CONDITION_CASES = [
    ("always", facts(), True),
    ("ordinary_procedure", facts(), True),
    ("ordinary_procedure", facts(procedure="summary"), False),
    ("summary_procedure", facts(procedure="summary"), True),
    ("warning_only", facts(penalty_types=["warning"]), True),
    ("warning_only", facts(penalty_types=["warning", "fine"]), False),
    ("criticism_only", facts(penalty_types=["circulated_criticism"]), True),
    ("criticism_only", facts(), False),
    ("no_penalty", facts(no_penalty=True), True),
    ("no_penalty", facts(), False),
    ("minor_party", facts(minor=True), True),
    ("minor_party", facts(), False),
    ("state_secret", facts(state_secret=True), True),
    ("license_refused", facts(result="refused"), True),
    ("license_refused", facts(result="granted"), False),
    ("inspection_not_spot_check", facts(), True),
    ("inspection_not_spot_check", facts(spot_check=True), False),
]


@pytest.mark.parametrize(("code", "given", "expected"), CONDITION_CASES)
def test_condition_table(code: str, given: dict[str, object], expected: bool) -> None:
    assert conditions.evaluate(code, given) is expected


def test_unknown_condition_raises() -> None:
    with pytest.raises(LookupError):
        conditions.evaluate("no_such_condition", facts())


def rule(code: str, condition: str, action: str, kind: str = "", domain: str = "") -> RuleRow:
    return RuleRow(code, kind, domain, condition, action, f"说明{code}", f"依据{code}")


def test_first_match_wins() -> None:
    rules = [rule("a", "warning_only", "exclude"), rule("b", "always", "publish")]
    verdict = decide("penalty", facts(penalty_types=["warning"]), rules)
    assert not verdict.publish
    assert verdict.rule_code == "a"
    assert decide("penalty", facts(), rules).rule_code == "b"


def test_kind_and_domain_narrow() -> None:
    rules = [
        rule("market", "warning_only", "exclude", kind="penalty", domain="market"),
        rule("rest", "always", "publish"),
    ]
    warning = facts(penalty_types=["warning"])
    assert decide("penalty", warning, rules).rule_code == "rest"
    assert decide("penalty", {**warning, "domain_codes": ["market"]}, rules).rule_code == "market"
    assert decide("license", {**warning, "domain_codes": ["market"]}, rules).rule_code == "rest"


def test_no_matching_rule_publishes() -> None:
    verdict = decide("penalty", facts(), [rule("x", "summary_procedure", "exclude")])
    assert verdict.publish
    assert verdict.rule_code == ""


SEEDED_CASES = [
    ("penalty", facts(), True, "ordinary-penalty-published"),
    ("penalty", facts(procedure="summary"), False, "summary-procedure-excluded"),
    ("penalty", facts(minor=True), False, "minor-party-excluded"),
    ("penalty", facts(no_penalty=True, penalty_types=[]), False, "no-penalty-excluded"),
    ("penalty", facts(penalty_types=["warning"]), True, "ordinary-penalty-published"),
    (
        "penalty",
        facts(penalty_types=["warning"], domain_codes=["market"]),
        False,
        "market-warning-only-excluded",
    ),
    ("license", facts(result="granted"), True, "license-published"),
    ("license", facts(result="refused"), False, "license-refusal-excluded"),
    ("license", facts(result="granted", minor=True), False, "minor-party-excluded"),
    ("inspection", facts(spot_check=True), True, "inspection-published"),
    ("inspection", facts(), False, "inspection-other-excluded"),
    ("expropriation", facts(), True, "expropriation-published"),
    ("compulsion", facts(), True, "other-decisions-published"),
    ("compulsion", facts(state_secret=True), False, "state-secret-excluded"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "given", "published", "code"), SEEDED_CASES)
def test_seeded_rules(kind: str, given: dict[str, object], published: bool, code: str) -> None:
    verdict = verdict_for(kind, given)
    assert verdict.publish is published
    assert verdict.rule_code == code
    assert verdict.source


@pytest.mark.django_db
def test_inactive_rule_skipped() -> None:
    PublicationRule.objects.filter(code="warning-only-excluded").update(is_active=True)
    assert not verdict_for("penalty", facts(penalty_types=["warning"])).publish

    PublicationRule.objects.filter(code="summary-procedure-excluded").update(is_active=False)
    assert verdict_for("penalty", facts(procedure="summary")).publish


@pytest.mark.django_db
def test_rules_page_shows_domain_name(officer_user, supervisor_user) -> None:
    client = Client()
    client.force_login(officer_user)
    url = reverse("publicity:rule_list")
    unregistered = client.get(url).content.decode()
    assert "<td>market（未登记的执法领域）</td>" in unregistered

    EnforcementDomain.objects.create(code="market", name="市场监管")
    page = client.get(url).content.decode()
    assert "<td>市场监管</td>" in page
    assert "<td>market</td>" not in page

    rule = PublicationRule.objects.get(domain_code="market")
    client.force_login(supervisor_user)
    edit = client.get(reverse("publicity:rule_edit", args=[rule.pk])).content.decode()
    assert "执法领域：市场监管" in edit
