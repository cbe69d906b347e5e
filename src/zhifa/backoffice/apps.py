from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "zhifa.backoffice"
    verbose_name = "工作台"
