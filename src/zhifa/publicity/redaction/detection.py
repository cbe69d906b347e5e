"""A span the scanner found, before the policy decides how it is masked."""

from dataclasses import dataclass

from zhifa.publicity.redaction.defaults import NATURAL_PERSON


@dataclass(frozen=True)
class Detection:
    """A span ``[start, end)`` of ``kind`` whose method is the policy's for (party_kind, field).

    Text that belongs to no known party counts as a natural person's, whose defaults are the
    most protective.
    """

    start: int
    end: int
    kind: str
    field: str
    source: str
    party_kind: str = NATURAL_PERSON

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end
