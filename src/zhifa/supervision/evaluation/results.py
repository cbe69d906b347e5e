"""Case file evaluation results per agency and year, for the assessment and the dashboard."""

from decimal import Decimal

from zhifa.agencies.models import Agency
from zhifa.supervision.evaluation.rollup import rollup


def agency_scores(year: int) -> dict[int, Decimal | None]:
    """Return each agency's mean score (of 100) over its files evaluated in ``year``.

    Every agency has a key; the value is None when none of its files of that year has a final
    evaluation. A file belongs to the year of the draw that picked it (评查年度).
    """
    agency_ids = list(Agency.objects.values_list("pk", flat=True))
    return {agency_id: row.mean_score for agency_id, row in rollup(year, agency_ids).items()}
