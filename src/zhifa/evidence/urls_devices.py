"""Pages of the evidence app: devices. Included by ``zhifa.evidence.urls``."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
