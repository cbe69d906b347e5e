from django.urls import path

from zhifa.supervision.complaints import views, views_ratings

app_name = "complaints"

urlpatterns = [
    path("", views.ComplaintListView.as_view(), name="complaint_list"),
    path("<int:pk>/", views.ComplaintDetailView.as_view(), name="complaint_detail"),
    path("<int:pk>/route/", views.RouteView.as_view(), name="complaint_route"),
    path("<int:pk>/accept/", views.AcceptView.as_view(), name="complaint_accept"),
    path("<int:pk>/reply/", views.ReplyView.as_view(), name="complaint_reply"),
    path("<int:pk>/reject/", views.RejectView.as_view(), name="complaint_reject"),
    path("<int:pk>/transfer/", views.TransferView.as_view(), name="complaint_transfer"),
    path("import/", views.HotlineImportView.as_view(), name="hotline_import"),
    path("ratings/", views_ratings.RatingReportView.as_view(), name="rating_report"),
]
