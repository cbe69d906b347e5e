"""Guiding cases similar to a case, for the panel on the case page."""

from django.db.models import Q

from zhifa.cases.actions._common import case_domains
from zhifa.cases.models import Case
from zhifa.supervision.guidance.models import GuidingCase, GuidingCaseStatus

MAX_SIMILAR = 3
# Closeness, best first: the same power item (by item code, which agencies share when they
# list the same city item), then the same enforcement domain, then the same kind of case.
SAME_POWER_ITEM = 3
SAME_DOMAIN = 2
SAME_CASE_KIND = 1
# Maximum number of library cases scored for one page. The bureau curates the library by
# hand, so it stays small.
MAX_CANDIDATES = 200


def similar_guiding_cases(case: Case, limit: int = MAX_SIMILAR) -> list[GuidingCase]:
    """Return up to ``limit`` library cases closest to ``case``, newest first among equals."""
    codes = set(case.power_items.values_list("code", flat=True))
    domain_ids = set(case_domains(case, case.opened_on))
    matches = Q(case_kind=case.kind)
    if codes:
        matches |= Q(power_items__code__in=codes)
    if domain_ids:
        matches |= Q(domain_id__in=domain_ids)

    candidates = (
        GuidingCase.objects.filter(matches, status=GuidingCaseStatus.IN_LIBRARY)
        .exclude(source_case=case)
        .select_related("domain")
        .prefetch_related("power_items")
        .distinct()
        .order_by("-released_at")[:MAX_CANDIDATES]
    )

    def closeness(guiding: GuidingCase) -> int:
        if codes & {item.code for item in guiding.power_items.all()}:
            return SAME_POWER_ITEM
        if guiding.domain_id in domain_ids:
            return SAME_DOMAIN
        return SAME_CASE_KIND

    # sorted() is stable, so equally close cases keep the newest-first order of the query.
    ranked = sorted(candidates, key=closeness, reverse=True)
    return ranked[:limit]
