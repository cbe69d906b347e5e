from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "zhifa.evidence"
    verbose_name = "音像记录与存证"

    def ready(self) -> None:
        # Connects the ledger's receivers for case steps and final documents.
        from zhifa.evidence.ledger import entries  # noqa: F401
