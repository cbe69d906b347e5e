"""Reading the rule parameters that the supervisor maintains (规则参数)."""

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
