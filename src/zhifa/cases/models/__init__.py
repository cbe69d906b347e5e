"""Cases (案件), parties (执法对象), stage steps and numbering.

Documents and inspections add their own modules to this package.
"""

from zhifa.cases.models.case import Case, CaseKind, CaseParty, CaseStatus, LegalReviewState, Stage
from zhifa.cases.models.numbering import NumberPattern, NumberSequence
from zhifa.cases.models.party import Party, PartyKind
from zhifa.cases.models.steps import CaseStep

__all__ = [
    "Case",
    "CaseKind",
    "CaseParty",
    "CaseStatus",
    "CaseStep",
    "LegalReviewState",
    "NumberPattern",
    "NumberSequence",
    "Party",
    "PartyKind",
    "Stage",
]
