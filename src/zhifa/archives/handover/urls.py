from django.urls import URLPattern

app_name = "handover"

# The app's views add their paths here.
urlpatterns: list[URLPattern] = []
