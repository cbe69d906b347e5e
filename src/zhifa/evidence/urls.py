"""Back-office pages of AV records, devices, access and uploads (namespace ``evidence``)."""

from zhifa.evidence import urls_access, urls_devices, urls_records, urls_uploads

app_name = "evidence"

urlpatterns = [
    *urls_records.urlpatterns,
    *urls_devices.urlpatterns,
    *urls_access.urlpatterns,
    *urls_uploads.urlpatterns,
]
