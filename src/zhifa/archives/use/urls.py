from django.urls import path

from zhifa.archives.use.views import dashboard, requests

app_name = "archive_use"

urlpatterns = [
    path("", requests.MyRequestsView.as_view(), name="my_requests"),
    path("queue/", requests.QueueView.as_view(), name="queue"),
    path("<int:pk>/", requests.RequestDetailView.as_view(), name="request_detail"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
]
