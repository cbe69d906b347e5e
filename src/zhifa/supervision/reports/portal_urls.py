"""Public pages of this app on the portal; they read only what was published."""

from django.urls import path

from zhifa.supervision.reports.views import portal

app_name = "public_reports"

urlpatterns = [
    path("", portal.StatisticsYearsView.as_view(), name="years"),
    path("<int:year>/", portal.StatisticsYearView.as_view(), name="year"),
]
