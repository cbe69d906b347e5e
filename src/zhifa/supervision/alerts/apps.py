from django.apps import AppConfig


class AlertsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhifa.supervision.alerts"
    label = "alerts"
    verbose_name = "预警提醒"

    def ready(self) -> None:
        from zhifa.accounts.audit import ACTION_LABELS
        from zhifa.supervision.alerts.audit_labels import AUDIT_LABELS

        ACTION_LABELS.update(AUDIT_LABELS)
