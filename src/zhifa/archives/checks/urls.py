from django.urls import path

from zhifa.archives.checks import views

app_name = "archive_checks"

urlpatterns = [
    path("", views.RunListView.as_view(), name="runs"),
    path("<int:pk>/", views.RunReportView.as_view(), name="run"),
    path("run/", views.RunCheckView.as_view(), name="run_now"),
]
