"""The AV records panel of the case page, as an inclusion tag so the case view stays unchanged."""

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from zhifa.accounts.roles import Capability
from zhifa.cases.models import Case, CaseStatus
from zhifa.evidence import compliance
from zhifa.evidence.forms import ExemptionForm

register = template.Library()


def _upload_url(case: Case) -> str | None:
    try:
        return reverse("evidence:record_upload") + f"?case={case.pk}"
    except NoReverseMatch:
        return None


@register.inclusion_tag("evidence/_case_panel_body.html", takes_context=True)
def av_case_panel(context: dict[str, Any], case: Case) -> dict[str, Any]:
    """Return the panel's context: records, scene duties, unexplained gaps and the forms."""
    request = context.get("request")
    user = getattr(request, "user", None)
    result = compliance.evaluate_case(case)
    can_manage = bool(
        user is not None and user.can(Capability.MANAGE_CASES) and case.status != CaseStatus.CLOSED
    )
    missing = result.missing
    exemption_form = None
    if can_manage and missing:
        duties = [(f"{duty.step.pk}:{duty.scene.pk}", duty.describe()) for duty in missing]
        exemption_form = ExemptionForm(duties=duties)
    return {
        "case": case,
        "result": result,
        "missing": missing,
        "problem_count": len(missing) + len(result.unexplained_gaps),
        "can_manage": can_manage,
        "exemption_form": exemption_form,
        "upload_url": _upload_url(case) if can_manage else None,
        "csrf_token": context.get("csrf_token"),
    }
