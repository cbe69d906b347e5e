"""Pages of the evidence app: access. Included by ``zhifa.evidence.urls``."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
