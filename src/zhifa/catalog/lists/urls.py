from django.urls import path

from zhifa.catalog.lists import views

app_name = "lists"

urlpatterns = [
    path("", views.ListHomeView.as_view(), name="list_home"),
    path("entries/<int:pk>/", views.ListEntryDetailView.as_view(), name="entry_detail"),
    path("entries/<int:pk>/change/", views.ListEntryChangeView.as_view(), name="entry_change"),
    path(
        "entries/<int:pk>/withdraw/", views.ListEntryWithdrawView.as_view(), name="entry_withdraw"
    ),
    path("<str:kind>/", views.ListEntriesView.as_view(), name="entry_list"),
    path("<str:kind>/new/", views.ListEntryCreateView.as_view(), name="entry_create"),
    path("<str:kind>/import/", views.ListImportView.as_view(), name="list_import"),
    path("<str:kind>/import/template/", views.ListTemplateView.as_view(), name="list_template"),
]
