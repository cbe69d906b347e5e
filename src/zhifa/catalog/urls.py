from django.urls import path

from zhifa.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.PowerItemListView.as_view(), name="power_item_list"),
    path("import/", views.PowerItemImportView.as_view(), name="power_item_import"),
    path("import/template/", views.PowerItemTemplateView.as_view(), name="power_item_template"),
    path("<int:pk>/", views.PowerItemDetailView.as_view(), name="power_item_detail"),
    path("<int:pk>/change/", views.PowerItemChangeView.as_view(), name="power_item_change"),
    path("<int:pk>/withdraw/", views.PowerItemWithdrawView.as_view(), name="power_item_withdraw"),
]
