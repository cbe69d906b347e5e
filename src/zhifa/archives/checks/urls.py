from django.urls import URLPattern

app_name = "archive_checks"

# The app's views add their paths here.
urlpatterns: list[URLPattern] = []
