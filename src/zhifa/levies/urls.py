from django.urls import path

from zhifa.levies import views

app_name = "levies"

urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/new/", views.ProjectCreateView.as_view(), name="project_create"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path(
        "projects/<int:pk>/households/new/",
        views.HouseholdCreateView.as_view(),
        name="household_create",
    ),
]
