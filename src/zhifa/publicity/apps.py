from django.apps import AppConfig


class PublicityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhifa.publicity"
    verbose_name = "行政执法公示"

    def ready(self) -> None:
        from zhifa.publicity import plugins

        plugins.connect()
