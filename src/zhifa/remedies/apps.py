from django.apps import AppConfig


class RemediesConfig(AppConfig):
    name = "zhifa.remedies"
    verbose_name = "行政复议与行政诉讼"

    def ready(self) -> None:
        from zhifa.remedies import plugins

        plugins.register()
