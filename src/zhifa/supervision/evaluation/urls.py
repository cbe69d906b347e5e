from django.urls import path

from zhifa.supervision.evaluation.views import assessment, evaluations, sheet

app_name = "evaluation"

urlpatterns = [
    path("", evaluations.HomeView.as_view(), name="evaluation_home"),
    path("standards/new/", evaluations.StandardCreateView.as_view(), name="standard_create"),
    path("standards/<int:pk>/", evaluations.StandardDetailView.as_view(), name="standard_detail"),
    path(
        "standards/<int:pk>/<slug:operation>/",
        evaluations.StandardChangeView.as_view(),
        name="standard_change",
    ),
    path("draws/new/", evaluations.DrawCreateView.as_view(), name="draw_create"),
    path("draws/<int:pk>/", evaluations.DrawDetailView.as_view(), name="draw_detail"),
    path("draws/<int:pk>/verify/", evaluations.DrawVerifyView.as_view(), name="draw_verify"),
    path(
        "drawn/<int:pk>/start/",
        sheet.EvaluationStartView.as_view(),
        name="evaluation_start",
    ),
    path("files/<int:pk>/", sheet.EvaluationDetailView.as_view(), name="evaluation_detail"),
    path(
        "files/<int:pk>/finalise/",
        sheet.EvaluationFinaliseView.as_view(),
        name="evaluation_finalise",
    ),
    path(
        "files/<int:pk>/findings/<int:score_id>/rectify/",
        sheet.RectificationSubmitView.as_view(),
        name="rectification_submit",
    ),
    path(
        "files/<int:pk>/rectifications/<int:rectification_id>/answer/",
        sheet.RectificationAnswerView.as_view(),
        name="rectification_answer",
    ),
    path("assessment/", assessment.AssessmentListView.as_view(), name="assessment_list"),
    path("assessment/open/", assessment.AssessmentOpenView.as_view(), name="assessment_open"),
    path(
        "assessment/<int:year>/",
        assessment.AssessmentDetailView.as_view(),
        name="assessment_detail",
    ),
    path(
        "assessment/<int:year>/<slug:operation>/",
        assessment.AssessmentActionView.as_view(),
        name="assessment_action",
    ),
]
