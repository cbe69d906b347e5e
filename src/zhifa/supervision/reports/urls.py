from django.urls import path

from zhifa.supervision.reports.views import annual, district, monthly

app_name = "reports"

urlpatterns = [
    path("monthly/", monthly.MonthlyListView.as_view(), name="monthly_list"),
    path("monthly/open/", monthly.MonthlyOpenView.as_view(), name="monthly_open"),
    path("monthly/<int:pk>/", monthly.MonthlyDetailView.as_view(), name="monthly_detail"),
    path(
        "monthly/<int:pk>/recompile/",
        monthly.MonthlyRecompileView.as_view(),
        name="monthly_recompile",
    ),
    path(
        "monthly/<int:pk>/notes/",
        monthly.MonthlyNotesView.as_view(),
        name="monthly_notes",
    ),
    path(
        "monthly/<int:pk>/check/",
        monthly.MonthlyCheckView.as_view(),
        name="monthly_check",
    ),
    path(
        "monthly/<int:pk>/file/",
        monthly.MonthlyFileView.as_view(),
        name="monthly_file",
    ),
    path(
        "monthly/<int:pk>/accept/",
        monthly.MonthlyAcceptView.as_view(),
        name="monthly_accept",
    ),
    path(
        "monthly/<int:pk>/return/",
        monthly.MonthlyReturnView.as_view(),
        name="monthly_return",
    ),
    path("monthly/<int:pk>/export/", monthly.MonthlyExportView.as_view(), name="monthly_export"),
    path("district/", district.DistrictView.as_view(), name="district"),
    path("district/export/", district.DistrictExportView.as_view(), name="district_export"),
    path("annual/", annual.AnnualListView.as_view(), name="annual_list"),
    path("annual/compile/", annual.AnnualCompileView.as_view(), name="annual_compile"),
    path("annual/<int:pk>/", annual.AnnualDetailView.as_view(), name="annual_detail"),
    path(
        "annual/<int:pk>/notes/",
        annual.AnnualNotesView.as_view(),
        name="annual_notes",
    ),
    path(
        "annual/<int:pk>/publish/",
        annual.AnnualPublishView.as_view(),
        name="annual_publish",
    ),
]
