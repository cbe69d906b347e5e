from django.urls import path

from zhifa.archives.casefiles import views

app_name = "archives"

urlpatterns = [
    path("", views.CaseFileListView.as_view(), name="case_file_list"),
    path("<int:pk>/", views.CaseFileDetailView.as_view(), name="case_file_detail"),
    path("<int:pk>/archive/", views.ArchiveView.as_view(), name="case_file_archive"),
    path(
        "additions/<int:pk>/archive/",
        views.ArchiveAdditionView.as_view(),
        name="case_file_addition_archive",
    ),
    path(
        "<int:pk>/items/<int:item_pk>/",
        views.ItemDownloadView.as_view(),
        name="case_file_item",
    ),
]
