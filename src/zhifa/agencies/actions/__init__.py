"""Every change to agencies, officers, credentials, training and reviewers.

Each action checks the user's capability and then the user's scope. An object outside the
scope raises ``NotFound``, so its existence does not leak. The action then validates the
input with Chinese messages naming the field, writes inside one transaction and appends the
audit entry in that same transaction.
"""

from zhifa.agencies.actions._common import MAX_PHOTO_BYTES, PHOTO_FOLDER
from zhifa.agencies.actions.agency import (
    AgencyInput,
    set_review_body,
    update_agency,
)
from zhifa.agencies.actions.credentials import (
    CredentialEventInput,
    record_credential_event,
)
from zhifa.agencies.actions.officers import (
    OfficerInput,
    create_officer,
    update_officer,
)
from zhifa.agencies.actions.reviewers import (
    ReviewerInput,
    assign_reviewer,
    end_reviewer,
)
from zhifa.agencies.actions.training import (
    TrainingInput,
    record_training,
)

__all__ = [
    "MAX_PHOTO_BYTES",
    "PHOTO_FOLDER",
    "AgencyInput",
    "CredentialEventInput",
    "OfficerInput",
    "ReviewerInput",
    "TrainingInput",
    "assign_reviewer",
    "create_officer",
    "end_reviewer",
    "record_credential_event",
    "record_training",
    "set_review_body",
    "update_agency",
    "update_officer",
]
