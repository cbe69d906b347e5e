from zhifa.review.views import catalogs, checks, figures, requests, thresholds

app_name = "review"

urlpatterns = [
    *thresholds.urlpatterns,
    *checks.urlpatterns,
    *catalogs.urlpatterns,
    *requests.urlpatterns,
    *figures.urlpatterns,
]
