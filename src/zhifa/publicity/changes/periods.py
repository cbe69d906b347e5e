"""Publication periods (公示期限) from the period rules (LEGAL.md §6.6)."""

import datetime

from zhifa.publicity.models import Publication


def dates_for(
    publication: Publication, starts_on: datetime.date
) -> tuple[datetime.date | None, datetime.date | None]:
    """Return the end of the minimum period and the 公示截止期 of ``publication``.

    TODO: read the period rules; until then no period ends.
    """
    return None, None
