from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhifa.supervision.guidance"
    label = "guidance"
    verbose_name = "案例指导、制度建设与通报"

    def ready(self) -> None:
        from zhifa.accounts.audit import ACTION_LABELS
        from zhifa.supervision.guidance.audit_labels import AUDIT_LABELS

        ACTION_LABELS.update(AUDIT_LABELS)
