"""Satisfaction ratings (满意度评价) that visitors give on portal pages."""

import logging

from django.db import transaction

from zhifa.agencies.models import Agency
from zhifa.core.errors import NotFound, ValidationFailed
from zhifa.publicity.models import PublishedItem
from zhifa.supervision.complaints.models import RatedPage, SatisfactionRating

logger = logging.getLogger(__name__)

MAX_COMMENT_CHARS = 500
PAGE_NOT_SHOWN = "评价的页面不存在或已停止公示。"


def rated_agency_id(page: str, page_id: int) -> int:
    """Return the agency a portal page belongs to; pages not shown on the portal are not found."""
    if page == RatedPage.AGENCY and Agency.objects.filter(pk=page_id).exists():
        return page_id
    if page == RatedPage.DECISION:
        # Only items the portal shows: public ones that have not ended.
        agency_id = (
            PublishedItem.objects.filter(pk=page_id, is_public=True, ended_on__isnull=True)
            .values_list("agency_id_public", flat=True)
            .first()
        )
        if agency_id is not None:
            return int(agency_id)
    raise NotFound(PAGE_NOT_SHOWN, field="page")


def rate_agency(page: str, page_id: int, stars: int, comment: str = "") -> SatisfactionRating:
    """Store one rating of the agency behind a portal page.

    Ratings are anonymous public input, like page views, so they are logged but not written
    to the audit log, which records what users of the platform changed.
    """
    if stars not in range(1, 6):
        raise ValidationFailed("请选择1至5颗星。", field="stars")
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise ValidationFailed(f"意见不超过{MAX_COMMENT_CHARS}个字。", field="comment")
    agency_id = rated_agency_id(page, page_id)
    with transaction.atomic():
        rating = SatisfactionRating.objects.create(
            agency_id=agency_id, page=page, page_id=page_id, stars=stars, comment=comment
        )
    logger.info("satisfaction rating %s stars for agency %s", stars, agency_id)
    return rating
