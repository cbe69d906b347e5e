"""Public pages of this app on the portal; they read only what was published."""

from django.urls import path

from zhifa.supervision.guidance.views import portal

app_name = "public_guidance"

urlpatterns = [
    path("", portal.explained_list, name="explained_list"),
    path("<int:pk>/", portal.explained_detail, name="explained_detail"),
]
