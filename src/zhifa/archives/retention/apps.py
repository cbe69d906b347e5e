from django.apps import AppConfig


class RetentionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhifa.archives.retention"
    label = "retention"
    verbose_name = "保管期限与冻结"

    def ready(self) -> None:
        from zhifa.accounts.audit import ACTION_LABELS
        from zhifa.archives.retention.audit_labels import AUDIT_LABELS

        ACTION_LABELS.update(AUDIT_LABELS)
