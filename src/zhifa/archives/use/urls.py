from django.urls import URLPattern

app_name = "archive_use"

# The app's views add their paths here.
urlpatterns: list[URLPattern] = []
