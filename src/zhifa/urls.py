from django.urls import include, path

from zhifa.api import api

urlpatterns = [
    path("", include("zhifa.portal.urls")),
    path("statistics/", include("zhifa.supervision.reports.portal_urls")),
    path("complaints/", include("zhifa.supervision.complaints.portal_urls")),
    path("explained/", include("zhifa.supervision.guidance.portal_urls")),
    path("accounts/", include("zhifa.accounts.urls")),
    path("office/", include("zhifa.backoffice.urls")),
    path("office/", include("zhifa.agencies.urls")),
    path("office/power-items/", include("zhifa.catalog.urls")),
    path("office/lists/", include("zhifa.catalog.lists.urls")),
    path("office/publicity/", include("zhifa.publicity.urls")),
    path("office/", include("zhifa.cases.urls")),
    path("office/licensing/", include("zhifa.licensing.urls")),
    path("office/coercion/", include("zhifa.coercion.urls")),
    path("office/levies/", include("zhifa.levies.urls")),
    path("office/remedies/", include("zhifa.remedies.urls")),
    path("office/evidence/", include("zhifa.evidence.urls")),
    path("office/review/", include("zhifa.review.urls")),
    path("office/reports/", include("zhifa.supervision.reports.urls")),
    path("office/alerts/", include("zhifa.supervision.alerts.urls")),
    path("office/complaints/", include("zhifa.supervision.complaints.urls")),
    path("office/evaluation/", include("zhifa.supervision.evaluation.urls")),
    path("office/guidance/", include("zhifa.supervision.guidance.urls")),
    path("office/", include("zhifa.core.urls")),
    path("api/", api.urls),
]
