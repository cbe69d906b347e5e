from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhifa.supervision.complaints"
    label = "complaints"
    verbose_name = "投诉举报"

    def ready(self) -> None:
        from zhifa.accounts.audit import ACTION_LABELS
        from zhifa.supervision.complaints.audit_labels import AUDIT_LABELS

        ACTION_LABELS.update(AUDIT_LABELS)
