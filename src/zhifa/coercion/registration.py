"""Plug the two coercion case kinds into the case machinery; called from ``AppConfig.ready``."""

from zhifa.cases import compliance as case_compliance
from zhifa.cases import hooks, stages
from zhifa.cases.actions.opening import MIN_HANDLING_OFFICERS
from zhifa.cases.documents.registry import register_doc_type
from zhifa.cases.models import Case, CaseKind
from zhifa.cases.plugins import register_step
from zhifa.coercion import compliance, procedures
from zhifa.coercion.documents import DOC_TYPES
from zhifa.coercion.enforcement_plugins import enforcement_plugins
from zhifa.coercion.models import ACTIVE_STATES, CoerciveMeasure
from zhifa.coercion.step_plugins import measure_plugins

# Built once, so that a second ``ready()`` registers the same plugin objects.
PLUGINS = (*measure_plugins(), *enforcement_plugins())


def measures_in_force(case: Case) -> str | None:
    """Return why a case with a measure still in force may not close (行政强制法 Art. 27, 28)."""
    active = CoerciveMeasure.objects.filter(case=case, state__in=ACTIVE_STATES)
    numbers = [measure.decision_number for measure in active.order_by("imposed_at")]
    if not numbers:
        return None
    return f"强制措施（决定书 {'、'.join(numbers)}）仍在实施中，请先记录没收、销毁或解除的处理决定"


def register_all() -> None:
    stages.register(procedures.COERCIVE_MEASURE, procedures.COERCIVE_MEASURE_TRANSITIONS)
    stages.register(
        procedures.COMPULSORY_ENFORCEMENT, procedures.COMPULSORY_ENFORCEMENT_TRANSITIONS
    )
    # 行政强制法 Art. 18 item 2: a coercive measure is carried out by two or more officers.
    MIN_HANDLING_OFFICERS[CaseKind.COERCIVE_MEASURE] = 2
    for plugin in PLUGINS:
        register_step(plugin)
    case_compliance.register_kind(
        CaseKind.COERCIVE_MEASURE, compliance.measure_items, compliance.measure_deadlines
    )
    case_compliance.register_kind(
        CaseKind.COMPULSORY_ENFORCEMENT,
        compliance.enforcement_items,
        compliance.enforcement_deadlines,
    )
    for spec in DOC_TYPES:
        register_doc_type(spec)
    hooks.register_closing_check(measures_in_force, CaseKind.COERCIVE_MEASURE)
