"""Models of case file evaluation (案卷评查) and the year-end assessment (考核)."""

from zhifa.supervision.evaluation.models.assessment import (
    Assessment,
    AssessmentResult,
    AssessmentScheme,
    AssessmentState,
    SchemeIndicator,
)
from zhifa.supervision.evaluation.models.draws import Draw, DrawnCase
from zhifa.supervision.evaluation.models.evaluations import (
    Evaluation,
    EvaluationState,
    ItemScore,
    Rectification,
    RectificationState,
)
from zhifa.supervision.evaluation.models.standards import (
    Aspect,
    Grade,
    Standard,
    StandardItem,
    StandardState,
    SystemGroup,
)

__all__ = [
    "Aspect",
    "Assessment",
    "AssessmentResult",
    "AssessmentScheme",
    "AssessmentState",
    "Draw",
    "DrawnCase",
    "Evaluation",
    "EvaluationState",
    "Grade",
    "ItemScore",
    "Rectification",
    "RectificationState",
    "SchemeIndicator",
    "Standard",
    "StandardItem",
    "StandardState",
    "SystemGroup",
]
