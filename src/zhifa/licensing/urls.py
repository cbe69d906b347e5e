from django.urls import path

from zhifa.licensing import views

app_name = "licensing"

urlpatterns = [
    path("licences/", views.LicenceListView.as_view(), name="licence_list"),
    path("licences/<int:pk>/", views.LicenceDetailView.as_view(), name="licence_detail"),
]
