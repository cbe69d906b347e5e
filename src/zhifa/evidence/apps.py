from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "zhifa.evidence"
    verbose_name = "音像记录与存证"

    def ready(self) -> None:
        # Connects the ledger's receivers for case steps and final documents.
        from zhifa.evidence import compliance, records
        from zhifa.evidence.ledger import entries  # noqa: F401

        # Mandatory scenes (全程音像记录) join every case's compliance panel and closing check.
        compliance.register()
        records.register_audit_labels()
