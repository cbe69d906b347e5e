from django.urls import path

from zhifa.archives.retention.views import holds, schedules

app_name = "retention"

urlpatterns = [
    path("", schedules.ScheduleListView.as_view(), name="schedule_list"),
    path("<int:pk>/", schedules.ScheduleDetailView.as_view(), name="schedule_detail"),
    path("categories/<int:pk>/", schedules.CategoryEditView.as_view(), name="category_edit"),
    path("holds/", holds.HoldListView.as_view(), name="hold_list"),
    path("holds/<int:pk>/release/", holds.HoldReleaseView.as_view(), name="hold_release"),
]
