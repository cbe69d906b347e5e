from django.urls import path

from zhifa.portal import views, views_ledger

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path(
        "agencies/<int:agency_pk>/powers/<int:item_pk>/",
        views.power_item_history,
        name="power_item_history",
    ),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("verify/<str:token>/photo/", views.verify_photo, name="verify_photo"),
    path("credentials/", views.credential_search, name="credential_search"),
    path("ledger/", views_ledger.ledger_heads, name="ledger_heads"),
]
