from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Give SQLite connections the function the append-only triggers consult."""
    if connection.vendor != "sqlite":
        return
    from django.conf import settings

    connection.connection.create_function(
        "zhifa_allow_purge", 0, lambda: int(bool(getattr(settings, "ZHIFA_ALLOW_PURGE", False)))
    )


class CoreConfig(AppConfig):
    name = "zhifa.core"
    verbose_name = "基础"

    def ready(self) -> None:
        connection_created.connect(register_sqlite_functions, dispatch_uid="zhifa_sqlite_functions")
