from django.urls import URLPattern

app_name = "archives"

# The app's views add their paths here.
urlpatterns: list[URLPattern] = []
