from django.urls import path

from zhifa.portal import (
    views,
    views_boards,
    views_decisions,
    views_display,
    views_ledger,
    views_lists,
)

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
    path(
        "agencies/<int:pk>/lists/<str:kind>/", views_lists.agency_list_kind, name="agency_list_kind"
    ),
    path(
        "agencies/<int:pk>/lists/<str:kind>/<int:entry_pk>/",
        views_lists.list_entry_history,
        name="list_entry_history",
    ),
    path("agencies/<int:pk>/review-catalog/", views_lists.review_catalog, name="review_catalog"),
    path("agencies/<int:pk>/officers/", views_lists.officers, name="officers"),
    path("windows/<int:pk>/", views_boards.window_board, name="window_board"),
    path("windows/photos/<int:post_pk>/", views_boards.window_photo, name="window_photo"),
    path("windows/forms/<int:form_pk>/", views_boards.window_form, name="window_form"),
    path("decisions/", views_decisions.decision_list, name="decision_list"),
    path("decisions/<int:pk>/", views_decisions.decision_detail, name="decision_detail"),
    path("display/large-print/", views_display.large_print, name="large_print"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("verify/<str:token>/photo/", views.verify_photo, name="verify_photo"),
    path("credentials/", views.credential_search, name="credential_search"),
    path("ledger/", views_ledger.ledger_heads, name="ledger_heads"),
]
