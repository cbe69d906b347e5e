from django.urls import include, path

from zhifa.api import api

urlpatterns = [
    path("", include("zhifa.portal.urls")),
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
    path("office/", include("zhifa.core.urls")),
    path("api/", api.urls),
]
