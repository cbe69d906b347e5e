"""Cases (案件), parties (执法对象), stage steps and numbering.

Documents and inspections add their own modules to this package.
"""

from zhifa.cases.models.case import (
    CATEGORY_OF_KIND,
    Case,
    CaseFlag,
    CaseKind,
    CaseParty,
    CaseStatus,
    Category,
    LegalReviewState,
    Stage,
    stage_label,
)
from zhifa.cases.models.documents import (
    Document,
    DocumentOriginal,
    DocumentStatus,
    DocumentTemplate,
)
from zhifa.cases.models.exchange import (
    ExchangeBatch,
    ExchangeBatchStatus,
    ExchangedDecision,
    ExchangeSource,
)
from zhifa.cases.models.inspections import (
    SpotCheckAssignment,
    SpotCheckDraw,
    SpotCheckEntity,
    SpotCheckList,
    SpotCheckTeamMember,
)
from zhifa.cases.models.numbering import NumberPattern, NumberSequence
from zhifa.cases.models.party import Party, PartyKind
from zhifa.cases.models.rule_tables import CollectiveDiscussionTrigger, SingleOfficerException
from zhifa.cases.models.steps import CaseStep

__all__ = [
    "CATEGORY_OF_KIND",
    "Case",
    "CaseFlag",
    "CaseKind",
    "CaseParty",
    "CaseStatus",
    "CaseStep",
    "Category",
    "CollectiveDiscussionTrigger",
    "Document",
    "DocumentOriginal",
    "DocumentStatus",
    "DocumentTemplate",
    "ExchangeBatch",
    "ExchangeBatchStatus",
    "ExchangeSource",
    "ExchangedDecision",
    "LegalReviewState",
    "NumberPattern",
    "NumberSequence",
    "Party",
    "PartyKind",
    "SingleOfficerException",
    "SpotCheckAssignment",
    "SpotCheckDraw",
    "SpotCheckEntity",
    "SpotCheckList",
    "SpotCheckTeamMember",
    "Stage",
    "stage_label",
]
