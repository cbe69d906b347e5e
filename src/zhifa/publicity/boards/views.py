"""Back-office pages of the post information boards."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
