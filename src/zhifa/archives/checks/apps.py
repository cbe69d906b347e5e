from django.apps import AppConfig


class ArchiveChecksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhifa.archives.checks"
    label = "archive_checks"
    verbose_name = "四性检测"

    def ready(self) -> None:
        from zhifa.accounts.audit import ACTION_LABELS
        from zhifa.archives.checks.audit_labels import AUDIT_LABELS

        ACTION_LABELS.update(AUDIT_LABELS)

        from zhifa.archives.checks import alerts
        from zhifa.supervision.alerts.models import AlertKind
        from zhifa.supervision.alerts.sources import register

        register("archive_checks", {AlertKind.ARCHIVE_CHECK_FAILED}, alerts.check)
