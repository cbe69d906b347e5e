"""Case file evaluation results rolled up per agency and year.

TODO: helper "evaluation" implements this module; the signature is the contract.
"""

from decimal import Decimal


def agency_scores(year: int) -> dict[int, Decimal | None]:
    """Return each agency's mean score (of 100) over its files evaluated in ``year``."""
    raise NotImplementedError
