from django.urls import URLPattern

app_name = "guidance"

urlpatterns: list[URLPattern] = []
