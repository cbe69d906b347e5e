from django.apps import AppConfig


class HandoverConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhifa.archives.handover"
    label = "handover"
    verbose_name = "档案移交"

    def ready(self) -> None:
        from zhifa.accounts.audit import ACTION_LABELS
        from zhifa.archives.handover.audit_labels import AUDIT_LABELS

        ACTION_LABELS.update(AUDIT_LABELS)
