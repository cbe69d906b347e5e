"""Models of guiding cases (案例指导), the agency rules register (制度建设) and circulars (通报)."""

from zhifa.supervision.guidance.models.circulars import (
    Circular,
    CircularMention,
    CircularTarget,
    MentionStance,
)
from zhifa.supervision.guidance.models.guiding_cases import (
    ExplainedCase,
    GuidingCase,
    GuidingCaseKind,
    GuidingCaseStatus,
)
from zhifa.supervision.guidance.models.rules import AgencyRule, RuleType

__all__ = [
    "AgencyRule",
    "Circular",
    "CircularMention",
    "CircularTarget",
    "ExplainedCase",
    "GuidingCase",
    "GuidingCaseKind",
    "GuidingCaseStatus",
    "MentionStance",
    "RuleType",
]
