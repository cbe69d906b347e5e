"""Pages of the evidence app: records, scenes and recording rules.

Included by ``zhifa.evidence.urls``.
"""

from django.urls import URLPattern, path

from zhifa.evidence.views import records, scenes

urlpatterns: list[URLPattern] = [
    path("records/", records.RecordListView.as_view(), name="record_list"),
    path("records/<int:pk>/", records.RecordDetailView.as_view(), name="record_detail"),
    path("records/<int:pk>/link/", records.RecordLinkView.as_view(), name="record_link"),
    path("records/<int:pk>/marking/", records.RecordMarkView.as_view(), name="record_mark"),
    path(
        "records/<int:pk>/interruption/",
        records.InterruptionCreateView.as_view(),
        name="interruption_create",
    ),
    path(
        "cases/<int:pk>/exemption/",
        records.ExemptionCreateView.as_view(),
        name="exemption_create",
    ),
    path("scenes/", scenes.SceneListView.as_view(), name="scene_list"),
    path("scenes/new/", scenes.SceneCreateView.as_view(), name="scene_create"),
    path("scenes/<int:pk>/edit/", scenes.SceneEditView.as_view(), name="scene_edit"),
    path("recording-rules/", scenes.RulesListView.as_view(), name="rules_list"),
    path("recording-rules/new/", scenes.RulesCreateView.as_view(), name="rules_create"),
]
