"""Back-office pages for agencies, officers, credentials, reviewers and supervision.

Views parse a form, call an action from ``actions.py`` and render. Every object comes from
``ScopedQuerysetMixin`` or ``scoped_get``, so one outside the user's scope is a 404.
"""

from zhifa.agencies.views.agencies import (
    AgencyDetailView,
    AgencyEditView,
    AgencyListView,
    AgencyReviewBodyView,
)
from zhifa.agencies.views.officers import (
    CredentialCardView,
    CredentialEventView,
    OfficerCreateView,
    OfficerDetailView,
    OfficerEditView,
    OfficerListView,
    OfficerPhotoView,
    TrainingCreateView,
)
from zhifa.agencies.views.reviewers import (
    ReviewerAssignView,
    ReviewerEndView,
    ReviewerListView,
)
from zhifa.agencies.views.supervision import (
    SupervisionDetailView,
    SupervisionView,
)

__all__ = [
    "AgencyDetailView",
    "AgencyEditView",
    "AgencyListView",
    "AgencyReviewBodyView",
    "CredentialCardView",
    "CredentialEventView",
    "OfficerCreateView",
    "OfficerDetailView",
    "OfficerEditView",
    "OfficerListView",
    "OfficerPhotoView",
    "ReviewerAssignView",
    "ReviewerEndView",
    "ReviewerListView",
    "SupervisionDetailView",
    "SupervisionView",
    "TrainingCreateView",
]
