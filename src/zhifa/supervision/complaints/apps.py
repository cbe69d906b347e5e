from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhifa.supervision.complaints"
    label = "complaints"
    verbose_name = "投诉举报"

    def ready(self) -> None:
        from zhifa.accounts.audit import ACTION_LABELS
        from zhifa.cases.exchange import hooks
        from zhifa.supervision import daily
        from zhifa.supervision.complaints.actions.deadlines import fill_missing_due_dates
        from zhifa.supervision.complaints.actions.hotline import HOTLINE_SOURCE_CODE
        from zhifa.supervision.complaints.audit_labels import AUDIT_LABELS

        ACTION_LABELS.update(AUDIT_LABELS)
        daily.register("complaint_due_dates", fill_missing_due_dates)
        hooks.reserve_source(HOTLINE_SOURCE_CODE, "12345热线工单（在“投诉举报”中导入）")
