"""Pages of the evidence app: records. Included by ``zhifa.evidence.urls``."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
