from zhifa.evidence.models.access import (
    AccessAction,
    AccessLog,
    AccessRequest,
    AccessRequestStatus,
)
from zhifa.evidence.models.content import LedgerEntry, LedgerKind, StoredContent, TreeHead
from zhifa.evidence.models.devices import (
    DeviceAssignment,
    DeviceClock,
    DeviceStatus,
    RecordingDevice,
)
from zhifa.evidence.models.records import (
    AvRecord,
    ExemptionReason,
    Interruption,
    InterruptionSource,
    MediaKind,
    RecorderKind,
    RecordingRules,
    RecordingSession,
    Requirement,
    SceneExemption,
    SceneType,
    Sensitivity,
    TimeSource,
)
from zhifa.evidence.models.uploads import Upload, UploadStatus

__all__ = [
    "AccessAction",
    "AccessLog",
    "AccessRequest",
    "AccessRequestStatus",
    "AvRecord",
    "DeviceAssignment",
    "DeviceClock",
    "DeviceStatus",
    "ExemptionReason",
    "Interruption",
    "InterruptionSource",
    "LedgerEntry",
    "LedgerKind",
    "MediaKind",
    "RecorderKind",
    "RecordingDevice",
    "RecordingRules",
    "RecordingSession",
    "Requirement",
    "SceneExemption",
    "SceneType",
    "Sensitivity",
    "StoredContent",
    "TimeSource",
    "TreeHead",
    "Upload",
    "UploadStatus",
]
