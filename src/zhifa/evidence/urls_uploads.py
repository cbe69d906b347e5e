"""Pages of the evidence app: uploads. Included by ``zhifa.evidence.urls``."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
