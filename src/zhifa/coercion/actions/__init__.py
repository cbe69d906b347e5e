"""Actions of coercive measures and compulsory enforcement; every change goes through these.

Each takes the acting user first, checks the capability, loads the case within the user's
scope, validates with Chinese messages naming the field, and writes the step with its audit
entry in one transaction (see ``zhifa.cases.actions._common.append_step``).
"""

from zhifa.coercion.actions.course import (
    AgreementInput,
    CarryOutInput,
    Instalment,
    carry_out_enforcement,
    enforcement_state,
    make_agreement,
    record_breach,
    resume_enforcement,
    suspend_enforcement,
    terminate_enforcement,
)
from zhifa.coercion.actions.ending import (
    EndInput,
    TestingInput,
    end_measure,
    extend_measure,
    record_testing_period,
)
from zhifa.coercion.actions.enforcement import (
    BasisInput,
    ChargeInput,
    DemandInput,
    EnforcementDecisionInput,
    apply_to_court,
    decide_enforcement,
    record_basis,
    record_basis_change,
    record_late_charge,
    serve_demand,
)
from zhifa.coercion.actions.measures import (
    FreezingInput,
    ItemInput,
    MeasureInput,
    decide_emergency,
    freeze_deposits,
    impose_measure,
    report_emergency,
    serve_freezing_decision,
)
from zhifa.coercion.actions.substitute import (
    ImmediateInput,
    PerformanceInput,
    SubstituteDecisionInput,
    decide_substitute,
    notify_immediate_substitute,
    perform_immediate_substitute,
    perform_substitute,
    serve_substitute_demand,
)

__all__ = [
    "AgreementInput",
    "BasisInput",
    "CarryOutInput",
    "ChargeInput",
    "DemandInput",
    "EndInput",
    "EnforcementDecisionInput",
    "FreezingInput",
    "ImmediateInput",
    "Instalment",
    "ItemInput",
    "MeasureInput",
    "PerformanceInput",
    "SubstituteDecisionInput",
    "TestingInput",
    "apply_to_court",
    "carry_out_enforcement",
    "decide_emergency",
    "decide_enforcement",
    "decide_substitute",
    "end_measure",
    "enforcement_state",
    "extend_measure",
    "freeze_deposits",
    "impose_measure",
    "make_agreement",
    "notify_immediate_substitute",
    "perform_immediate_substitute",
    "perform_substitute",
    "record_basis",
    "record_basis_change",
    "record_breach",
    "record_late_charge",
    "record_testing_period",
    "report_emergency",
    "resume_enforcement",
    "serve_demand",
    "serve_freezing_decision",
    "serve_substitute_demand",
    "suspend_enforcement",
    "terminate_enforcement",
]
