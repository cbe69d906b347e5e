from zhifa.supervision.alerts.views import urlpatterns

app_name = "alerts"

__all__ = ["app_name", "urlpatterns"]
