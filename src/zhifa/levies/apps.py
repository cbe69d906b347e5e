from django.apps import AppConfig


class LeviesConfig(AppConfig):
    name = "zhifa.levies"
    verbose_name = "行政征收征用"

    def ready(self) -> None:
        """Register the three kinds' procedures, steps, compliance items and documents."""
        from zhifa.cases import compliance as case_compliance
        from zhifa.cases import stages
        from zhifa.cases.models import CaseKind
        from zhifa.levies import compliance, documents, plugins, procedures

        for procedure in procedures.PROCEDURES:
            stages.register(procedure, procedures.TRANSITIONS[procedure.kind])
        plugins.register_all()
        case_compliance.register_kind(
            CaseKind.HOUSING_EXPROPRIATION,
            compliance.expropriation_items,
            compliance.expropriation_deadlines,
        )
        case_compliance.register_kind(
            CaseKind.LEVY, compliance.levy_items, compliance.levy_deadlines
        )
        case_compliance.register_kind(
            CaseKind.REQUISITION, compliance.requisition_items, compliance.requisition_deadlines
        )
        documents.register_all()
