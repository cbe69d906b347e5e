"""Public pages of this app on the portal; they show no complainant's personal data."""

from django.urls import path

from zhifa.supervision.complaints import portal_views

app_name = "public_complaints"

urlpatterns = [
    path("", portal_views.complaint_form, name="complaint_form"),
    path("lookup/", portal_views.complaint_lookup, name="complaint_lookup"),
    path("rate/", portal_views.rate, name="rate"),
]
