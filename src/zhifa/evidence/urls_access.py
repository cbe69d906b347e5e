"""Pages of the evidence app: access. Included by ``zhifa.evidence.urls``."""

from django.urls import URLPattern, path

from zhifa.evidence.views import access, playback

urlpatterns: list[URLPattern] = [
    path("records/<int:pk>/play/", playback.RecordPlayerView.as_view(), name="record_player"),
    path("records/<int:pk>/stream/", playback.record_stream, name="record_stream"),
    path("records/<int:pk>/download/", playback.record_download, name="record_download"),
    path(
        "records/<int:pk>/access-request/",
        access.AccessRequestCreateView.as_view(),
        name="access_request_create",
    ),
    path("access-requests/", access.MyAccessRequestsView.as_view(), name="access_request_list"),
    path(
        "access-requests/approvals/",
        access.ApprovalQueueView.as_view(),
        name="access_request_queue",
    ),
    path(
        "access-requests/<int:pk>/",
        access.AccessRequestDetailView.as_view(),
        name="access_request_detail",
    ),
    path("access-log/", access.AccessLogView.as_view(), name="access_log"),
    path("access-log/export/", access.AccessLogExportView.as_view(), name="access_log_export"),
]
