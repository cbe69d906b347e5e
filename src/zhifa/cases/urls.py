from django.urls import path

from zhifa.cases import views

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
]
