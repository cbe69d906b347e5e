from django.apps import AppConfig


class DispositionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhifa.archives.disposition"
    label = "disposition"
    verbose_name = "档案鉴定与销毁"

    def ready(self) -> None:
        from zhifa.accounts.audit import ACTION_LABELS
        from zhifa.archives.disposition import references, tombstones
        from zhifa.archives.disposition.audit_labels import AUDIT_LABELS
        from zhifa.evidence.ledger import rows

        ACTION_LABELS.update(AUDIT_LABELS)
        tombstones.register()
        rows.register_live_references(references.live_digests)
