from zhifa.publicity.models.boards import ServiceWindow, WindowPost, WindowSampleForm
from zhifa.publicity.models.policies import (
    MaskingMethod,
    MaskingPolicy,
    PeriodRule,
    PublicationRule,
    RuleAction,
)
from zhifa.publicity.models.publications import (
    ChangeKind,
    EndReason,
    Publication,
    PublicationKind,
    PublicationSource,
    PublicationStatus,
    PublicationVersion,
    PublishedItem,
)
from zhifa.publicity.models.repairs import CreditRepair, CreditRepairSource, CreditRepairStatus

__all__ = [
    "ChangeKind",
    "CreditRepair",
    "CreditRepairSource",
    "CreditRepairStatus",
    "EndReason",
    "MaskingMethod",
    "MaskingPolicy",
    "PeriodRule",
    "Publication",
    "PublicationKind",
    "PublicationRule",
    "PublicationSource",
    "PublicationStatus",
    "PublicationVersion",
    "PublishedItem",
    "RuleAction",
    "ServiceWindow",
    "WindowPost",
    "WindowSampleForm",
]
