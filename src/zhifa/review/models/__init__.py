"""Models of legal review: thresholds, catalogs, flags, requests, opinions and objections."""

from zhifa.review.models.catalogs import (
    CatalogState,
    ReviewCatalog,
    ReviewCatalogEntry,
    ReviewProcedure,
)
from zhifa.review.models.kinds import ChecklistGroup, DecisionKind, EnforcementMethod
from zhifa.review.models.lists import ChecklistItem, MaterialRequirement
from zhifa.review.models.requests import (
    Conclusion,
    LeadershipDecision,
    MajorDecisionFlag,
    MajorFlag,
    RequestState,
    ReviewObjection,
    ReviewOpinion,
    ReviewRequest,
)
from zhifa.review.models.thresholds import BasisLevel, HearingThreshold, Measure, PartyClass

__all__ = [
    "BasisLevel",
    "CatalogState",
    "ChecklistGroup",
    "ChecklistItem",
    "Conclusion",
    "DecisionKind",
    "EnforcementMethod",
    "HearingThreshold",
    "LeadershipDecision",
    "MajorDecisionFlag",
    "MajorFlag",
    "MaterialRequirement",
    "Measure",
    "PartyClass",
    "RequestState",
    "ReviewCatalog",
    "ReviewCatalogEntry",
    "ReviewObjection",
    "ReviewOpinion",
    "ReviewProcedure",
    "ReviewRequest",
]
