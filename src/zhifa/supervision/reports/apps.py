from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhifa.supervision.reports"
    label = "reports"
    verbose_name = "执法数据报送"

    def ready(self) -> None:
        from zhifa.accounts.audit import ACTION_LABELS
        from zhifa.supervision import daily
        from zhifa.supervision.reports.audit_labels import AUDIT_LABELS
        from zhifa.supervision.reports.jobs import create_last_month_drafts

        ACTION_LABELS.update(AUDIT_LABELS)
        daily.register("reports_monthly_drafts", create_last_month_drafts)
