from django.apps import AppConfig


class CoercionConfig(AppConfig):
    name = "zhifa.coercion"
    verbose_name = "行政强制"

    def ready(self) -> None:
        from zhifa.coercion import registration

        registration.register_all()
