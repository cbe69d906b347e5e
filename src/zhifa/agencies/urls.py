from django.urls import path

from zhifa.agencies import views

app_name = "agencies"

urlpatterns = [
    path("agencies/", views.AgencyListView.as_view(), name="agency_list"),
    path("agencies/<int:pk>/", views.AgencyDetailView.as_view(), name="agency_detail"),
    path("agencies/<int:pk>/edit/", views.AgencyEditView.as_view(), name="agency_edit"),
    path(
        "agencies/<int:pk>/review-body/",
        views.AgencyReviewBodyView.as_view(),
        name="agency_review_body",
    ),
    path(
        "agencies/<int:pk>/reviewers/assign/",
        views.ReviewerAssignView.as_view(),
        name="reviewer_assign",
    ),
    path("officers/", views.OfficerListView.as_view(), name="officer_list"),
    path("officers/new/", views.OfficerCreateView.as_view(), name="officer_create"),
    path("officers/<int:pk>/", views.OfficerDetailView.as_view(), name="officer_detail"),
    path("officers/<int:pk>/edit/", views.OfficerEditView.as_view(), name="officer_edit"),
    path("officers/<int:pk>/photo/", views.OfficerPhotoView.as_view(), name="officer_photo"),
    path("officers/<int:pk>/card/", views.CredentialCardView.as_view(), name="credential_card"),
    path(
        "officers/<int:pk>/credential-events/",
        views.CredentialEventView.as_view(),
        name="credential_event",
    ),
    path(
        "officers/<int:pk>/trainings/", views.TrainingCreateView.as_view(), name="training_create"
    ),
    path("reviewers/", views.ReviewerListView.as_view(), name="reviewer_list"),
    path("reviewers/<int:pk>/end/", views.ReviewerEndView.as_view(), name="reviewer_end"),
    path("supervision/", views.SupervisionView.as_view(), name="supervision"),
    path(
        "supervision/<int:pk>/",
        views.SupervisionDetailView.as_view(),
        name="supervision_detail",
    ),
]
