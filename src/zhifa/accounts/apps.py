from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhifa.accounts"
    verbose_name = "账号与权限"

    def ready(self) -> None:
        from zhifa.accounts import signals  # noqa: F401 - connects the login audit receivers
