"""Public pages of this app on the portal; they read only what was published."""

from django.urls import URLPattern

app_name = "public_complaints"

urlpatterns: list[URLPattern] = []
