from django.urls import path

from zhifa.remedies import views

app_name = "remedies"

urlpatterns = [
    path("", views.RemedyListView.as_view(), name="remedy_list"),
    path("<int:pk>/", views.RemedyDetailView.as_view(), name="remedy_detail"),
    path("<int:pk>/outcome/", views.RemedyOutcomeUploadView.as_view(), name="outcome_upload"),
    path("<int:pk>/outcome/file/", views.RemedyOutcomeFileView.as_view(), name="outcome_file"),
]
