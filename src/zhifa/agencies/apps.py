from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "zhifa.agencies"
    verbose_name = "执法主体与执法人员"
