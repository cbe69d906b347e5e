from django.apps import AppConfig


class CaseFilesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhifa.archives.casefiles"
    label = "archives"
    verbose_name = "案卷归档"

    def ready(self) -> None:
        from zhifa.accounts.audit import ACTION_LABELS
        from zhifa.archives.casefiles import additions, alerts, assembly, ledger
        from zhifa.archives.casefiles.audit_labels import AUDIT_LABELS
        from zhifa.supervision import daily

        ACTION_LABELS.update(AUDIT_LABELS)
        additions.connect()
        ledger.register()
        alerts.register()
        daily.register("archives_open_case_files", assembly.daily_open_missing)
