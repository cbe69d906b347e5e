from django.urls import path

from zhifa.archives.handover import views

app_name = "handover"

urlpatterns = [
    path("", views.HandoverListView.as_view(), name="handover_list"),
    path("new/", views.HandoverCreateView.as_view(), name="handover_create"),
    path("<int:pk>/", views.HandoverDetailView.as_view(), name="handover_detail"),
    path("<int:pk>/receipt/", views.ReceiptView.as_view(), name="handover_receipt"),
    path("<int:pk>/download/", views.DownloadView.as_view(), name="handover_download"),
]
