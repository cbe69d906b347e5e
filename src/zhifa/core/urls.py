from django.urls import path

from zhifa.core import views

app_name = "core"

urlpatterns = [
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/day/", views.CalendarDaySetView.as_view(), name="calendar_day_set"),
    path(
        "calendar/day/remove/",
        views.CalendarDayRemoveView.as_view(),
        name="calendar_day_remove",
    ),
    path("calendar/import/", views.CalendarImportView.as_view(), name="calendar_import"),
    path("rule-parameters/", views.RuleParameterListView.as_view(), name="rule_parameter_list"),
    path(
        "rule-parameters/<slug:key>/edit/",
        views.RuleParameterEditView.as_view(),
        name="rule_parameter_edit",
    ),
]
