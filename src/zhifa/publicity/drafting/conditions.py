"""Named predicates over the facts of a decision, for the publication rules.

A ``PublicationRule`` names one of these in its ``condition``. Each takes the ``facts`` part of
a publication's original (see ``zhifa.publicity.drafting.facts``) and returns whether the rule
applies. They are pure functions, so the rule table is tested without a database.
"""

from collections.abc import Callable, Mapping
from typing import Any

Facts = Mapping[str, Any]
Condition = Callable[[Facts], bool]

WARNING = "warning"
CRITICISM = "circulated_criticism"


def _types(facts: Facts) -> set[str]:
    return set(facts.get("penalty_types") or [])


def always(facts: Facts) -> bool:
    return True


def ordinary_procedure(facts: Facts) -> bool:
    return facts.get("procedure") == "ordinary"


def summary_procedure(facts: Facts) -> bool:
    return facts.get("procedure") == "summary"


def warning_only(facts: Facts) -> bool:
    return _types(facts) == {WARNING}


def criticism_only(facts: Facts) -> bool:
    return _types(facts) == {CRITICISM}


def no_penalty(facts: Facts) -> bool:
    """Return whether the decision is not to penalise (不予行政处罚), which is no penalty."""
    return bool(facts.get("no_penalty"))


def minor_party(facts: Facts) -> bool:
    """Return whether a natural-person party was under 18 on the decision date."""
    return bool(facts.get("minor"))


def state_secret(facts: Facts) -> bool:
    return bool(facts.get("state_secret"))


def license_refused(facts: Facts) -> bool:
    return facts.get("result") == "refused"


def inspection_not_spot_check(facts: Facts) -> bool:
    """Return whether an inspection result comes from other than a double-random check."""
    return not facts.get("spot_check")


CONDITIONS: dict[str, tuple[str, Condition]] = {
    "always": ("所有决定", always),
    "ordinary_procedure": ("普通程序作出的处罚决定", ordinary_procedure),
    "summary_procedure": ("简易程序（当场）作出的处罚决定", summary_procedure),
    "warning_only": ("仅给予警告的处罚决定", warning_only),
    "criticism_only": ("仅给予通报批评的处罚决定", criticism_only),
    "no_penalty": ("不予行政处罚决定", no_penalty),
    "minor_party": ("当事人为未成年人（决定时不满十八周岁）", minor_party),
    "state_secret": ("涉及国家秘密", state_secret),
    "license_refused": ("不予行政许可决定", license_refused),
    "inspection_not_spot_check": ("非“双随机”抽查的检查结果", inspection_not_spot_check),
}


def condition_choices() -> list[tuple[str, str]]:
    return [(code, label) for code, (label, _) in CONDITIONS.items()]


def evaluate(code: str, facts: Facts) -> bool:
    """Return whether the condition ``code`` holds; an unknown name is a configuration error."""
    try:
        _, predicate = CONDITIONS[code]
    except KeyError:
        raise LookupError(f"unknown publication rule condition {code!r}") from None
    return predicate(facts)
