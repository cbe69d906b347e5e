"""The bureau's random draw of closed cases (案卷抽取) and its verification.

The candidates of an agency are its cases closed within the date range that no earlier draw
picked, so no file is evaluated twice. The draw records them in ascending order with the seed
and the sample size rule; ``verify_draw`` recomputes the picks from that record alone.
"""

import datetime
import logging
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import Agency
from zhifa.cases.actions._common import require
from zhifa.cases.models import Case, CaseStatus
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.review.figures import FIRST_YEAR
from zhifa.supervision.evaluation import rules
from zhifa.supervision.evaluation.actions._common import optional_text
from zhifa.supervision.evaluation.actions.standards import in_force
from zhifa.supervision.evaluation.models import Draw, DrawnCase

logger = logging.getLogger(__name__)

MAX_SEED_LENGTH = 64


@dataclass
class DrawInput:
    """The bureau's request: either ``count`` or ``percent`` (with ``minimum``) is set."""

    year: int
    closed_from: datetime.date | None = None
    closed_to: datetime.date | None = None
    agency_ids: list[int] = field(default_factory=list)
    count: int | None = None
    percent: int | None = None
    minimum: int = 0
    seed: str = ""
    note: str = ""


@dataclass
class Verification:
    """The outcome of recomputing a draw from its record."""

    matches: bool
    # Agency id to (recorded picks, recomputed picks) where they differ.
    differences: dict[int, tuple[list[int], list[int]]]
    # Cases that are candidates now but were not then, and candidates that no longer are
    # (reopened or moved). They do not change the outcome, because the draw used its record.
    added_since: dict[int, list[int]]
    removed_since: dict[int, list[int]]


def _check_input(data: DrawInput, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    if not FIRST_YEAR <= data.year <= today.year:
        raise ValidationFailed(
            f"“评查年度”{data.year}超出范围，请填写{FIRST_YEAR}年至{today.year}年之间的年份。",
            field="year",
        )
    closed_from = data.closed_from or datetime.date(data.year, 1, 1)
    closed_to = data.closed_to or datetime.date(data.year, 12, 31)
    if closed_from > closed_to:
        raise ValidationFailed(
            "“结案日期起”晚于“结案日期止”，请调整日期范围。", field="closed_from"
        )

    if (data.count is None) == (data.percent is None):
        raise ValidationFailed("请填写“每单位抽取件数”或“每单位抽取比例”中的一项。", field="count")
    if data.count is not None and data.count < 1:
        raise ValidationFailed("“每单位抽取件数”应至少为1件。", field="count")
    if data.percent is not None and not 1 <= data.percent <= 100:
        raise ValidationFailed("“每单位抽取比例”应为1至100之间的整数。", field="percent")
    if data.minimum < 0:
        raise ValidationFailed("“每单位最少件数”不能为负数。", field="minimum")
    return closed_from, closed_to


def _seed(value: str) -> str:
    seed = (value or "").strip()
    if not seed:
        return secrets.token_hex(16)
    if len(seed) > MAX_SEED_LENGTH or not seed.isprintable():
        raise ValidationFailed(
            f"“随机种子”应为不超过{MAX_SEED_LENGTH}个字符的文字或数字，请修改，或者留空由系统生成。",
            field="seed",
        )
    return seed


def _agencies(agency_ids: list[int]) -> list[int]:
    if not agency_ids:
        return list(Agency.objects.order_by("pk").values_list("pk", flat=True))
    found = set(Agency.objects.filter(pk__in=agency_ids).values_list("pk", flat=True))
    if found != set(agency_ids):
        raise ValidationFailed("所选执法主体不存在，请重新选择。", field="agency_ids")
    return sorted(found)


def candidates(
    agency_ids: list[int], closed_from: datetime.date, closed_to: datetime.date
) -> dict[int, list[int]]:
    """Return each agency's closed cases in the range not drawn before, in ascending id order."""
    pool: dict[int, list[int]] = {agency_id: [] for agency_id in agency_ids}
    closed = (
        Case.objects.filter(
            agency_id__in=agency_ids,
            status=CaseStatus.CLOSED,
            closed_on__gte=closed_from,
            closed_on__lte=closed_to,
        )
        .exclude(pk__in=DrawnCase.objects.values("case_id"))
        .order_by("pk")
        .values_list("agency_id", "pk")
    )
    for agency_id, case_id in closed:
        pool[agency_id].append(case_id)
    return pool


def recompute(draw: Draw) -> dict[int, list[int]]:
    """Return the picks that the draw's seed, rule and recorded candidates give."""
    picks: dict[int, list[int]] = {}
    for key, ids in draw.population.items():
        size = rules.sample_size(
            len(ids),
            count=draw.sample_count,
            percent=draw.sample_percent,
            minimum=draw.sample_minimum,
        )
        picks[int(key)] = rules.draw_ids(draw.seed, int(key), ids, size)
    return picks


def make_draw(user: User, data: DrawInput, today: datetime.date, *, request: Any = None) -> Draw:
    """Draw closed cases of each agency at random and record the draw; it cannot be changed."""
    require(user, Capability.EVALUATE_CASE_FILES)
    closed_from, closed_to = _check_input(data, today)
    seed = _seed(data.seed)
    note = optional_text(data.note, "note", "说明", 500)
    standard = in_force()
    if standard is None:
        raise ValidationFailed("没有现行的评查标准，请先施行一个评查标准版本再抽取。", field="year")

    with transaction.atomic():
        # One draw at a time, so two draws cannot pick the same case.
        list(Draw.objects.select_for_update().order_by("-pk")[:1])
        pool = candidates(_agencies(data.agency_ids), closed_from, closed_to)
        draw = Draw.objects.create(
            year=data.year,
            closed_from=closed_from,
            closed_to=closed_to,
            standard=standard,
            seed=seed,
            sample_count=data.count,
            sample_percent=data.percent if data.count is None else None,
            sample_minimum=data.minimum if data.count is None else 0,
            population={str(agency_id): ids for agency_id, ids in pool.items()},
            note=note,
            created_by=user,
        )
        picks = recompute(draw)
        DrawnCase.objects.bulk_create(
            DrawnCase(draw=draw, case_id=case_id, agency_id=agency_id, position=position)
            for agency_id, ids in picks.items()
            for position, case_id in enumerate(ids, start=1)
        )
        audit.record(
            "evaluation_drawn",
            actor=user,
            target=draw,
            request=request,
            detail={
                "seed": seed,
                "candidates": sum(len(ids) for ids in pool.values()),
                "drawn": sum(len(ids) for ids in picks.values()),
            },
        )
    logger.info("evaluation draw %s made", draw.pk, extra={"draw_id": draw.pk})
    return draw


def stored_picks(draw: Draw) -> dict[int, list[int]]:
    picks: dict[int, list[int]] = defaultdict(list)
    for agency_id, case_id in draw.drawn_cases.order_by("agency_id", "position").values_list(
        "agency_id", "case_id"
    ):
        picks[agency_id].append(case_id)
    return picks


def verify_draw(user: User, draw_id: int, *, request: Any = None) -> Verification:
    """Recompute a draw from its seed and recorded candidates and compare with its picks."""
    if not (user.can(Capability.EVALUATE_CASE_FILES) or user.can(Capability.VIEW_SUPERVISION)):
        raise NotPermitted("您的角色没有核验评查抽取的权限。")
    draw = Draw.objects.filter(pk=draw_id).first()
    if draw is None:
        raise NotFound("评查抽取记录不存在。")

    stored = stored_picks(draw)
    recomputed = recompute(draw)
    differences = {
        agency_id: (stored.get(agency_id, []), ids)
        for agency_id, ids in recomputed.items()
        if stored.get(agency_id, []) != ids
    }
    recorded = {int(key): set(ids) for key, ids in draw.population.items()}
    current = _current_candidates(draw, list(recorded))
    result = Verification(
        matches=not differences,
        differences=differences,
        added_since={
            key: sorted(current[key] - recorded[key])
            for key in recorded
            if current[key] - recorded[key]
        },
        removed_since={
            key: sorted(recorded[key] - current[key])
            for key in recorded
            if recorded[key] - current[key]
        },
    )
    with transaction.atomic():
        audit.record(
            "evaluation_draw_verified",
            actor=user,
            target=draw,
            request=request,
            detail={"matches": result.matches, "agencies_differing": sorted(differences)},
        )
    if not result.matches:
        logger.error(
            "evaluation draw %s does not match its seed", draw.pk, extra={"draw_id": draw.pk}
        )
    return result


def _current_candidates(draw: Draw, agency_ids: list[int]) -> dict[int, set[int]]:
    """Return the cases that would be candidates today, counting this draw's own picks in."""
    current: dict[int, set[int]] = {agency_id: set() for agency_id in agency_ids}
    closed = Case.objects.filter(
        agency_id__in=agency_ids,
        status=CaseStatus.CLOSED,
        closed_on__gte=draw.closed_from,
        closed_on__lte=draw.closed_to,
    ).exclude(pk__in=DrawnCase.objects.filter(draw__pk__lt=draw.pk).values("case_id"))
    for agency_id, case_id in closed.values_list("agency_id", "pk"):
        current[agency_id].add(case_id)
    return current
