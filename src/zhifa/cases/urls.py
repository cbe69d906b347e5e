from django.urls import path

from zhifa.cases import views
from zhifa.cases.views.steps import DocumentStepLinkView

app_name = "cases"

urlpatterns = [
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/export/", views.CaseExportView.as_view(), name="case_export"),
    path("cases/new/", views.CaseCreateView.as_view(), name="case_create"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/steps/", views.StepRecordView.as_view(), name="step_record"),
    path("cases/<int:pk>/corrections/", views.StepCorrectView.as_view(), name="step_correct"),
    path("cases/<int:pk>/documents/", views.DocumentCreateView.as_view(), name="document_create"),
    path("documents/<int:pk>/", views.DocumentEditView.as_view(), name="document_edit"),
    path(
        "documents/<int:pk>/finalise/",
        views.DocumentFinaliseView.as_view(),
        name="document_finalise",
    ),
    path(
        "documents/<int:pk>/original/",
        views.DocumentOriginalView.as_view(),
        name="document_original_upload",
    ),
    path("documents/<int:pk>/step/", DocumentStepLinkView.as_view(), name="document_step_link"),
    path(
        "documents/<int:pk>/correct/", views.DocumentCorrectView.as_view(), name="document_correct"
    ),
    path(
        "documents/<int:pk>/docx/",
        views.DocumentFileView.as_view(which="docx"),
        name="document_docx",
    ),
    path(
        "documents/<int:pk>/pdf/", views.DocumentFileView.as_view(which="pdf"), name="document_pdf"
    ),
    path(
        "documents/<int:pk>/scan/",
        views.DocumentFileView.as_view(which="original"),
        name="document_original",
    ),
    path("parties/", views.PartyListView.as_view(), name="party_list"),
    path("parties/<int:pk>/", views.PartyDetailView.as_view(), name="party_detail"),
    path("spotchecks/", views.SpotCheckListListView.as_view(), name="spotcheck_list"),
    path("spotchecks/new/", views.SpotCheckListCreateView.as_view(), name="spotcheck_create"),
    path("spotchecks/<int:pk>/", views.SpotCheckListDetailView.as_view(), name="spotcheck_detail"),
    path(
        "spotchecks/<int:pk>/entities/",
        views.SpotCheckEntityAddView.as_view(),
        name="spotcheck_entity_add",
    ),
    path(
        "spotchecks/entities/<int:pk>/withdraw/",
        views.SpotCheckEntityWithdrawView.as_view(),
        name="spotcheck_entity_withdraw",
    ),
    path(
        "spotchecks/<int:pk>/draw/", views.SpotCheckDrawCreateView.as_view(), name="spotcheck_draw"
    ),
    path(
        "spotchecks/draws/<int:pk>/",
        views.SpotCheckDrawDetailView.as_view(),
        name="spotcheck_draw_detail",
    ),
    path(
        "spotchecks/draws/<int:pk>/reproduce/",
        views.SpotCheckReproduceView.as_view(),
        name="spotcheck_reproduce",
    ),
    path(
        "spotchecks/draws/<int:pk>/cases/",
        views.SpotCheckOpenCasesView.as_view(),
        name="spotcheck_open_cases",
    ),
    path("exchange/", views.ExchangeBatchListView.as_view(), name="exchange_batch_list"),
    path("exchange/upload/", views.ExchangeUploadView.as_view(), name="exchange_upload"),
    path(
        "exchange/<int:pk>/", views.ExchangeBatchDetailView.as_view(), name="exchange_batch_detail"
    ),
    path("number-patterns/", views.NumberPatternView.as_view(), name="number_patterns"),
    path(
        "document-templates/", views.DocumentTemplateListView.as_view(), name="document_templates"
    ),
    path(
        "document-templates/<int:pk>/download/",
        views.DocumentTemplateDownloadView.as_view(),
        name="document_template_download",
    ),
    path(
        "document-templates/default/<slug:doc_type>/download/",
        views.DocumentTemplateDefaultView.as_view(),
        name="document_template_default",
    ),
]
