"""The engine's public types: a party's facts, a mask, a redaction result and the policy."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from zhifa.publicity.redaction.defaults import ANY_PARTY, DEFAULT_RULES, FULL


@dataclass(frozen=True)
class PartyFacts:
    """One party of the decision, as the redaction needs it; ``kind`` is a ``PartyKind`` value."""

    name: str
    kind: str
    id_number: str = ""
    other_id_number: str = ""
    phone: str = ""
    address: str = ""
    legal_representative: str = ""
    uscc: str = ""


@dataclass(frozen=True)
class Mask:
    """A span ``[start, end)`` of the original text and what replaces it.

    ``kind`` is name, id_number, phone, bank_account, address, plate, person_name or manual;
    ``source`` is party (a party's stored value), pattern, name_tagger or manual (the approver).
    """

    start: int
    end: int
    kind: str
    replacement: str
    source: str

    def as_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "replacement": self.replacement,
            "source": self.source,
        }


@dataclass(frozen=True)
class Redaction:
    """The original text, the masked text and the masks, ordered by position.

    ``suspects`` are words that jieba tagged as person names but that stay visible because no
    cue word marks them as a person's, such as 李四 alone. The approver decides on each.
    """

    original: str
    masked: str
    masks: tuple[Mask, ...]
    suspects: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "masked": self.masked,
            "masks": [mask.as_json() for mask in self.masks],
            "suspects": list(self.suspects),
        }


def _frozen(methods: Mapping[tuple[str, str], str]) -> Mapping[tuple[str, str], str]:
    return MappingProxyType(dict(methods))


@dataclass(frozen=True)
class Policy:
    """The masking method of each (party kind, field).

    A field set under the party kind ``any`` applies to every kind that does not set it.
    A pair set nowhere is masked fully, so a field added later is never published by accident.
    """

    methods: Mapping[tuple[str, str], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "methods", _frozen(self.methods))

    @classmethod
    def defaults(cls) -> "Policy":
        """Return the district defaults, the same rows that migration 0004 seeds."""
        return cls({(rule.party_kind, rule.field): rule.method for rule in DEFAULT_RULES})

    def method(self, party_kind: str, field: str) -> str:
        found = self.methods.get((party_kind, field))
        if found is None:
            found = self.methods.get((ANY_PARTY, field), FULL)
        return found

    def with_methods(self, rows: Iterable[tuple[str, str, str]]) -> "Policy":
        """Return a copy where each (party kind, field, method) row replaces the current one."""
        methods = dict(self.methods)
        for party_kind, field_name, method in rows:
            methods[(party_kind, field_name)] = method
        return Policy(methods)
