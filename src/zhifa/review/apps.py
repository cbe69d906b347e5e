from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "zhifa.review"
    verbose_name = "重大执法决定法制审核"

    def ready(self) -> None:
        from zhifa.review import plugins

        plugins.register()
