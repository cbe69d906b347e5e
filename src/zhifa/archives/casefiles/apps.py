from django.apps import AppConfig


class CaseFilesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhifa.archives.casefiles"
    label = "archives"
    verbose_name = "案卷归档"

    def ready(self) -> None:
        from zhifa.accounts.audit import ACTION_LABELS
        from zhifa.archives.casefiles.audit_labels import AUDIT_LABELS

        ACTION_LABELS.update(AUDIT_LABELS)
