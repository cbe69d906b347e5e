"""Which of the required rules (制度) each agency has adopted, for the bureau and assessment.

TODO: helper "guidance" implements this module; the signature is the contract.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RuleAdoption:
    required: int = 0
    adopted: int = 0


def adoption(agency_ids: Iterable[int], on: datetime.date) -> dict[int, RuleAdoption]:
    raise NotImplementedError
