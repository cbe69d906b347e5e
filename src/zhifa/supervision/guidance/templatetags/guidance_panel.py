"""The guiding-case panel of the case page: library cases similar to the case being handled.

An inclusion tag, so the case view stays unchanged: the case page only includes
``guidance/_case_panel.html``.
"""

from typing import Any

from django import template

from zhifa.accounts.roles import Capability
from zhifa.cases.models import Case, CaseStatus
from zhifa.supervision.guidance.similar import similar_guiding_cases

register = template.Library()


@register.inclusion_tag("guidance/_similar_cases.html", takes_context=True)
def similar_cases_panel(context: dict[str, Any], case: Case) -> dict[str, Any]:
    user = context["request"].user
    return {
        "similar": similar_guiding_cases(case),
        "can_select": user.can(Capability.MANAGE_GUIDING_CASES)
        and case.status == CaseStatus.CLOSED
        and not hasattr(case, "guiding_case"),
        "case": case,
    }
