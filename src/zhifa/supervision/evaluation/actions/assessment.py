"""The year-end assessment (年度考核): the scheme's weights, computing, finalising.

A year's scheme starts as a copy of the default scheme. The bureau may change the weights
and recompute as often as it likes until it finalises the year. The final assessment keeps
every input value in its snapshot and cannot change.
"""

import datetime
import logging
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import Agency
from zhifa.cases.actions._common import require
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed
from zhifa.review.figures import FIRST_YEAR
from zhifa.supervision.evaluation import scoring
from zhifa.supervision.evaluation.actions._common import plain, points_value
from zhifa.supervision.evaluation.indicators import INDICATORS, Measure, Period
from zhifa.supervision.evaluation.models import (
    Assessment,
    AssessmentResult,
    AssessmentScheme,
    AssessmentState,
    SchemeIndicator,
)

logger = logging.getLogger(__name__)

WEIGHT_TOTAL = Decimal("100")


def default_scheme() -> AssessmentScheme:
    scheme = AssessmentScheme.objects.filter(year__isnull=True).first()
    if scheme is None:
        raise NotFound("默认考核方案不存在，请先运行数据库迁移。")
    return scheme


def _check_year(year: int, today: datetime.date) -> None:
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationFailed(
            f"“考核年度”{year}超出范围，请填写{FIRST_YEAR}年至{today.year}年之间的年份。",
            field="year",
        )


def scheme_for_year(year: int) -> AssessmentScheme:
    """Return the scheme of ``year``, creating it as a copy of the default scheme."""
    scheme = AssessmentScheme.objects.filter(year=year).first()
    if scheme is not None:
        return scheme
    template = default_scheme()
    scheme = AssessmentScheme.objects.create(
        year=year, name=f"{year}年度“三项制度”考核方案", note=template.note
    )
    SchemeIndicator.objects.bulk_create(
        SchemeIndicator(scheme=scheme, code=row.code, weight=row.weight, sort_order=row.sort_order)
        for row in template.indicators.all()
    )
    return scheme


def _reject_if_final(year: int | None) -> None:
    if (
        year is not None
        and Assessment.objects.filter(year=year, state=AssessmentState.FINAL).exists()
    ):
        raise InvalidTransition(f"{year}年度考核已定稿，考核方案不能再修改。")


def set_weights(
    user: User,
    year: int | None,
    weights: Mapping[str, Decimal | str],
    today: datetime.date,
    *,
    request: Any = None,
) -> AssessmentScheme:
    """Replace the weights of the year's scheme (``year`` None: the default scheme).

    The weights must add up to exactly 100; a weight of 0 leaves the indicator out.
    """
    require(user, Capability.MANAGE_ASSESSMENT)
    if year is not None:
        _check_year(year, today)
    unknown = sorted(set(weights) - set(INDICATORS))
    if unknown:
        raise ValidationFailed(f"指标{'、'.join(unknown)}不存在，请刷新页面后重试。")
    values = {
        code: points_value(value, f"weight_{code}", f"{INDICATORS[code].label}权重")
        for code, value in weights.items()
    }
    total = sum(values.values(), Decimal("0"))
    if total != WEIGHT_TOTAL:
        direction = "多" if total > WEIGHT_TOTAL else "少"
        raise ValidationFailed(
            f"各项指标权重合计{plain(total)}，比100{direction}"
            f"{plain(abs(total - WEIGHT_TOTAL))}，请调整后保存。",
            field="weights",
        )

    with transaction.atomic():
        _reject_if_final(year)
        scheme = default_scheme() if year is None else scheme_for_year(year)
        scheme.indicators.all().delete()
        order = list(INDICATORS)
        SchemeIndicator.objects.bulk_create(
            SchemeIndicator(scheme=scheme, code=code, weight=weight, sort_order=order.index(code))
            for code, weight in values.items()
            if weight > 0
        )
        scheme.save(update_fields=["updated_at"])
        audit.record(
            "assessment_scheme_changed",
            actor=user,
            target=scheme,
            request=request,
            detail={"weights": {code: str(weight) for code, weight in values.items()}},
        )
    return scheme


def _measure_all(period: Period, codes: list[str]) -> dict[str, dict[int, Measure]]:
    return {code: INDICATORS[code].measure(period) for code in codes}


def _result_values(
    agency_id: int,
    weights: dict[str, Decimal],
    measures: dict[str, dict[int, Measure]],
) -> tuple[scoring.Combined, list[dict[str, Any]]]:
    scores = {code: measures[code][agency_id].score for code in weights}
    combined = scoring.combine(weights, scores)
    values = [
        {
            "code": code,
            "label": INDICATORS[code].label,
            "weight": str(weight),
            "effective_weight": str(combined.effective_weights[code]),
            "score": None if scores[code] is None else str(scores[code]),
            # Pairs, not an object: PostgreSQL's jsonb reorders an object's keys.
            "inputs": [
                [key, None if value is None else str(value)]
                for key, value in measures[code][agency_id].inputs.items()
            ],
        }
        for code, weight in weights.items()
    ]
    return combined, values


def compute_assessment(
    user: User, year: int, today: datetime.date, *, request: Any = None
) -> Assessment:
    """Compute every agency's score and rank for ``year`` under the year's scheme."""
    require(user, Capability.MANAGE_ASSESSMENT)
    _check_year(year, today)

    with transaction.atomic():
        existing = Assessment.objects.select_for_update().filter(year=year).first()
        if existing is not None and existing.state == AssessmentState.FINAL:
            raise InvalidTransition(f"{year}年度考核已定稿，不能重新计算。")
        scheme = scheme_for_year(year)
        weights = {
            row.code: row.weight for row in scheme.indicators.all() if row.code in INDICATORS
        }
        agencies = list(Agency.objects.order_by("sort_order", "pk"))
        period = Period(year, [agency.pk for agency in agencies], user, today)
        measures = _measure_all(period, list(weights))

        combined: dict[int, scoring.Combined] = {}
        values: dict[int, list[dict[str, Any]]] = {}
        for agency in agencies:
            combined[agency.pk], values[agency.pk] = _result_values(agency.pk, weights, measures)
        ranks = scoring.rank({key: row.score for key, row in combined.items()})

        snapshot = {
            "year": year,
            "computed_on": today.isoformat(),
            "scheme": scheme.name,
            "weights": {code: str(weight) for code, weight in weights.items()},
            "no_data_rule": scoring.NO_DATA_RULE,
            "agencies": {
                str(agency.pk): {
                    "name": agency.name,
                    "score": None
                    if combined[agency.pk].score is None
                    else str(combined[agency.pk].score),
                    "rank": ranks[agency.pk],
                    "values": values[agency.pk],
                }
                for agency in agencies
            },
        }
        assessment = existing or Assessment(year=year)
        assessment.scheme = scheme
        assessment.snapshot = snapshot
        assessment.computed_at = timezone.now()
        assessment.computed_by = user
        assessment.save()
        assessment.results.all().delete()
        AssessmentResult.objects.bulk_create(
            AssessmentResult(
                assessment=assessment,
                agency=agency,
                score=combined[agency.pk].score,
                rank=ranks[agency.pk],
                values=values[agency.pk],
            )
            for agency in agencies
        )
        audit.record(
            "assessment_computed",
            actor=user,
            target=assessment,
            request=request,
            detail={"agencies": len(agencies), "weights": snapshot["weights"]},
        )
    logger.info("assessment of %s computed", year)
    return assessment


def finalise_assessment(user: User, year: int, *, request: Any = None) -> Assessment:
    """Freeze the computed assessment of ``year``: results, snapshot and scheme."""
    require(user, Capability.MANAGE_ASSESSMENT)

    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().filter(year=year).first()
        if assessment is None:
            raise InvalidTransition(f"{year}年度考核尚未计算，请先计算再定稿。")
        if assessment.state == AssessmentState.FINAL:
            raise InvalidTransition(f"{year}年度考核已定稿。")
        assessment.state = AssessmentState.FINAL
        assessment.finalised_at = timezone.now()
        assessment.finalised_by = user
        assessment.save(update_fields=["state", "finalised_at", "finalised_by"])
        audit.record("assessment_finalised", actor=user, target=assessment, request=request)
    logger.info("assessment of %s finalised", year)
    return assessment
