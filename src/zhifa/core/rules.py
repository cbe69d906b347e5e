"""Rule parameters the supervisor maintains (规则参数), and the statutory festivals."""

from decimal import Decimal

from zhifa.core.models import RuleParameter


class MissingParameter(LookupError):
    pass


def parameter(key: str) -> Decimal:
    """Return the current value of a rule parameter; a missing row is a deployment error."""
    value = RuleParameter.objects.filter(key=key).values_list("value", flat=True).first()
    if value is None:
        raise MissingParameter(f"rule parameter {key!r} is missing; run the migrations")
    return value


# The seven festivals on which everyone has a day off, in the order of article 2 of
# 《全国年节及纪念日放假办法》 as revised by the State Council on 10 November 2024.
STATUTORY_FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")

# Older names: the versions of that regulation before 2024 call 元旦 "新年".
FESTIVAL_ALIASES = {"新年": "元旦"}

# A holiday row may name two festivals that share a break, e.g. "国庆节、中秋节" in 2025.
FESTIVAL_SEPARATORS = ("、", "/", "，", ",")


def festivals_named(text: str) -> set[str]:
    """Return the statutory festivals that a holiday's festival text names, by their notice name."""
    for separator in FESTIVAL_SEPARATORS[1:]:
        text = text.replace(separator, FESTIVAL_SEPARATORS[0])
    names = {part.strip() for part in text.split(FESTIVAL_SEPARATORS[0])}
    named = {FESTIVAL_ALIASES.get(name, name) for name in names}
    return named & set(STATUTORY_FESTIVALS)


def missing_statutory_festivals(festival_texts: list[str]) -> list[str]:
    """Return the statutory festivals that none of a year's holiday rows names, in legal order.

    A year's schedule is complete only when each of the seven festivals has at least one day
    off, because every festival falls inside its own calendar year (元旦 on 1 January, 春节
    in January or February, 国庆节 from 1 October).
    """
    named: set[str] = set()
    for text in festival_texts:
        named |= festivals_named(text)
    return [festival for festival in STATUTORY_FESTIVALS if festival not in named]
