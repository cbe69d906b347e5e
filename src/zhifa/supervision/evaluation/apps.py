from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhifa.supervision.evaluation"
    label = "evaluation"
    verbose_name = "案卷评查与考核"

    def ready(self) -> None:
        from zhifa.accounts.audit import ACTION_LABELS
        from zhifa.supervision.evaluation.audit_labels import AUDIT_LABELS

        ACTION_LABELS.update(AUDIT_LABELS)
