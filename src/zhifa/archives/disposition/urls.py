from django.urls import path

from zhifa.archives.disposition.views import appraisals, destruction, due, register

app_name = "disposition"

urlpatterns = [
    path("", due.DueListView.as_view(), name="due_list"),
    path("appraisals/", appraisals.AppraisalListView.as_view(), name="appraisal_list"),
    path("appraisals/new/", appraisals.AppraisalCreateView.as_view(), name="appraisal_create"),
    path("appraisals/<int:pk>/", appraisals.AppraisalDetailView.as_view(), name="appraisal_detail"),
    path(
        "appraisals/<int:pk>/destroy/", destruction.DestroyView.as_view(), name="appraisal_destroy"
    ),
    path("register/", register.RegisterView.as_view(), name="register"),
    path("register.xlsx", register.RegisterExportView.as_view(), name="register_export"),
]
