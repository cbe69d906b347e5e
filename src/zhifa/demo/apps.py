from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "zhifa.demo"
    verbose_name = "参考数据与演示数据"
