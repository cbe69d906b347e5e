from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "zhifa.licensing"
    verbose_name = "行政许可"

    def ready(self) -> None:
        """Plug the licensing kinds into the case machinery and the remedies' outcomes."""
        from zhifa.cases import compliance, stages
        from zhifa.cases.models import CaseKind
        from zhifa.licensing import compliance as licensing_compliance
        from zhifa.licensing import documents, procedures, steps

        stages.register(procedures.LICENSING, procedures.LICENSING_TRANSITIONS)
        stages.register(procedures.LICENSE_DISPOSAL, procedures.LICENSE_DISPOSAL_TRANSITIONS)
        steps.register_all()
        compliance.register_kind(
            CaseKind.LICENSING,
            licensing_compliance.licensing_items,
            licensing_compliance.licensing_deadlines,
        )
        compliance.register_kind(
            CaseKind.LICENSE_DISPOSAL,
            licensing_compliance.disposal_items,
            licensing_compliance.disposal_deadlines,
        )
        documents.register_all()

        from zhifa.licensing import remedies
        from zhifa.remedies.models import Remedy
        from zhifa.remedies.signals import decision_corrected

        decision_corrected.connect(
            remedies.on_decision_corrected,
            sender=Remedy,
            dispatch_uid="licensing_licence_corrected_by_remedy",
        )
