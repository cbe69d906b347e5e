"""Loading an agency's masking policy from the database.

The code defaults are the base, the district rows (agency None) replace them, and the
agency's own rows replace those.
"""

from django.db.models import Q

from zhifa.publicity.models.policies import MaskingPolicy
from zhifa.publicity.redaction.datatypes import Policy


def policy_for(agency_id: int | None) -> Policy:
    """Return the policy of the agency, or the district's when ``agency_id`` is None."""
    scope = Q(agency__isnull=True)
    if agency_id is not None:
        scope |= Q(agency_id=agency_id)
    rows = MaskingPolicy.objects.filter(scope).values_list(
        "agency_id", "party_kind", "field", "method"
    )

    # District rows first, so that the agency's rows replace them.
    ordered = sorted(rows, key=lambda row: row[0] is not None)
    return Policy.defaults().with_methods(
        (kind, field, method) for _, kind, field, method in ordered
    )
