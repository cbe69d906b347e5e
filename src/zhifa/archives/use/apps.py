from django.apps import AppConfig


class ArchiveUseConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhifa.archives.use"
    label = "archive_use"
    verbose_name = "档案利用"

    def ready(self) -> None:
        from zhifa.accounts.audit import ACTION_LABELS
        from zhifa.archives.use.audit_labels import AUDIT_LABELS

        ACTION_LABELS.update(AUDIT_LABELS)
