"""Pages of the evidence app: uploads. Included by ``zhifa.evidence.urls``."""

from django.urls import URLPattern, path

from zhifa.evidence.views import uploads

urlpatterns: list[URLPattern] = [
    path("records/upload/", uploads.UploadPageView.as_view(), name="record_upload"),
]
