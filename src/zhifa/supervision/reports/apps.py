from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhifa.supervision.reports"
    label = "reports"
    verbose_name = "执法数据报送"

    def ready(self) -> None:
        from zhifa.accounts.audit import ACTION_LABELS
        from zhifa.supervision.reports.audit_labels import AUDIT_LABELS

        ACTION_LABELS.update(AUDIT_LABELS)
