"""Back-office pages of cases and parties; every view scopes its queries to the user."""

from zhifa.cases.views.cases import CaseCreateView, CaseExportView, CaseListView
from zhifa.cases.views.documents import (
    DocumentCorrectView,
    DocumentCreateView,
    DocumentEditView,
    DocumentFileView,
    DocumentFinaliseView,
    DocumentOriginalView,
)
from zhifa.cases.views.exchange import (
    ExchangeBatchDetailView,
    ExchangeBatchListView,
    ExchangeUploadView,
)
from zhifa.cases.views.numbering import NumberPatternView
from zhifa.cases.views.parties import PartyDetailView, PartyListView
from zhifa.cases.views.spotchecks import (
    SpotCheckDrawCreateView,
    SpotCheckDrawDetailView,
    SpotCheckEntityAddView,
    SpotCheckEntityWithdrawView,
    SpotCheckListCreateView,
    SpotCheckListDetailView,
    SpotCheckListListView,
    SpotCheckOpenCasesView,
    SpotCheckReproduceView,
)
from zhifa.cases.views.templates_admin import (
    DocumentTemplateDefaultView,
    DocumentTemplateDownloadView,
    DocumentTemplateListView,
)
from zhifa.cases.views.timeline import CaseDetailView, StepCorrectView, StepRecordView

__all__ = [
    "CaseCreateView",
    "CaseDetailView",
    "CaseExportView",
    "CaseListView",
    "DocumentCorrectView",
    "DocumentCreateView",
    "DocumentEditView",
    "DocumentFileView",
    "DocumentFinaliseView",
    "DocumentOriginalView",
    "DocumentTemplateDefaultView",
    "DocumentTemplateDownloadView",
    "DocumentTemplateListView",
    "ExchangeBatchDetailView",
    "ExchangeBatchListView",
    "ExchangeUploadView",
    "NumberPatternView",
    "PartyDetailView",
    "PartyListView",
    "SpotCheckDrawCreateView",
    "SpotCheckDrawDetailView",
    "SpotCheckEntityAddView",
    "SpotCheckEntityWithdrawView",
    "SpotCheckListCreateView",
    "SpotCheckListDetailView",
    "SpotCheckListListView",
    "SpotCheckOpenCasesView",
    "SpotCheckReproduceView",
    "StepCorrectView",
    "StepRecordView",
]
