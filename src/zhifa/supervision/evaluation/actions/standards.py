"""Actions on the scoring standard (评查标准): drafting a version, its items, putting it in force.

Only a draft can change. Putting a version in force retires the version in force before it,
so exactly one version is current. Evaluations keep the version of their draw.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.cases.actions._common import require, required_text
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed
from zhifa.supervision.evaluation import rules
from zhifa.supervision.evaluation.actions._common import optional_text, plain, points_value
from zhifa.supervision.evaluation.models import (
    Aspect,
    Standard,
    StandardItem,
    StandardState,
    SystemGroup,
)

logger = logging.getLogger(__name__)


@dataclass
class ItemInput:
    code: str
    group: str
    aspect: str
    text: str
    points: Decimal | str
    sort_order: int = 0


def in_force() -> Standard | None:
    return Standard.objects.filter(state=StandardState.IN_FORCE).first()


def _locked_draft(standard_id: int) -> Standard:
    standard = Standard.objects.select_for_update().filter(pk=standard_id).first()
    if standard is None:
        raise NotFound("评查标准不存在。")
    if standard.state != StandardState.DRAFT:
        raise InvalidTransition(
            f"{standard}状态为“{standard.get_state_display()}”，只有草稿可以修改；"
            "如需调整，请编制新的版本。"
        )
    return standard


def create_standard(
    user: User, *, name: str, note: str = "", copy_from_id: int | None = None, request: Any = None
) -> Standard:
    """Draft the next version, copying the items and thresholds of ``copy_from_id`` if given."""
    require(user, Capability.EVALUATE_CASE_FILES)
    title = required_text(name, "name", "名称", 100)
    text = optional_text(note, "note", "说明", 2000)

    with transaction.atomic():
        source = None
        if copy_from_id is not None:
            source = Standard.objects.filter(pk=copy_from_id).first()
            if source is None:
                raise ValidationFailed("“参照版本”不存在，请重新选择。", field="copy_from")
        last = Standard.objects.select_for_update().aggregate(last=Max("version"))["last"]
        standard = Standard.objects.create(
            version=(last or 0) + 1, name=title, note=text, created_by=user
        )
        if source is not None:
            _copy(source, standard)
        audit.record(
            "evaluation_standard_created",
            actor=user,
            target=standard,
            request=request,
            detail={"copied_from": source.pk if source else None},
        )
    logger.info("evaluation standard %s drafted", standard.pk)
    return standard


def _copy(source: Standard, target: Standard) -> None:
    target.excellent_min = source.excellent_min
    target.good_min = source.good_min
    target.pass_min = source.pass_min
    target.save(update_fields=["excellent_min", "good_min", "pass_min"])
    StandardItem.objects.bulk_create(
        StandardItem(
            standard=target,
            code=item.code,
            group=item.group,
            aspect=item.aspect,
            text=item.text,
            points=item.points,
            sort_order=item.sort_order,
        )
        for item in source.items.all()
    )


def _checked_item(data: ItemInput) -> dict[str, Any]:
    code = required_text(data.code, "code", "编号", 20)
    if data.group not in SystemGroup.values:
        raise ValidationFailed("请选择“所属制度”：公示、全过程记录或法制审核。", field="group")
    if data.aspect not in Aspect.values:
        raise ValidationFailed("请选择“评查方面”：程序、证据、法律适用或文书。", field="aspect")
    points = points_value(data.points, "points", "分值")
    if points == 0:
        raise ValidationFailed("“分值”应大于0。", field="points")
    return {
        "code": code,
        "group": data.group,
        "aspect": data.aspect,
        "text": required_text(data.text, "text", "评查内容", 2000),
        "points": points,
        "sort_order": max(0, min(int(data.sort_order or 0), 9999)),
    }


def save_item(
    user: User,
    standard_id: int,
    data: ItemInput,
    *,
    item_id: int | None = None,
    request: Any = None,
) -> StandardItem:
    """Add an item to a draft, or change item ``item_id`` of it."""
    require(user, Capability.EVALUATE_CASE_FILES)
    values = _checked_item(data)

    with transaction.atomic():
        standard = _locked_draft(standard_id)
        clash = standard.items.filter(code=values["code"]).exclude(pk=item_id or 0)
        if clash.exists():
            raise ValidationFailed(
                f"编号“{values['code']}”已被本版本的其他项目使用，请换一个编号。", field="code"
            )
        if item_id is None:
            item = StandardItem.objects.create(standard=standard, **values)
        else:
            item = standard.items.filter(pk=item_id).first()  # type: ignore[assignment]
            if item is None:
                raise NotFound("评查项目不存在。")
            for name, value in values.items():
                setattr(item, name, value)
            item.save(update_fields=list(values))
        audit.record(
            "evaluation_standard_changed",
            actor=user,
            target=standard,
            request=request,
            detail={"item": values["code"], "points": str(values["points"])},
        )
    return item


def remove_item(user: User, standard_id: int, item_id: int, *, request: Any = None) -> None:
    require(user, Capability.EVALUATE_CASE_FILES)
    with transaction.atomic():
        standard = _locked_draft(standard_id)
        item = standard.items.filter(pk=item_id).first()
        if item is None:
            raise NotFound("评查项目不存在。")
        item.delete()
        audit.record(
            "evaluation_standard_changed",
            actor=user,
            target=standard,
            request=request,
            detail={"removed_item": item.code},
        )


def set_thresholds(
    user: User,
    standard_id: int,
    *,
    excellent_min: Decimal | str,
    good_min: Decimal | str,
    pass_min: Decimal | str,
    request: Any = None,
) -> Standard:
    """Set the lowest score of 优秀, 良好 and 合格 on a draft; below 合格 is 不合格."""
    require(user, Capability.EVALUATE_CASE_FILES)
    excellent = points_value(excellent_min, "excellent_min", "优秀最低分")
    good = points_value(good_min, "good_min", "良好最低分")
    passing = points_value(pass_min, "pass_min", "合格最低分")
    if not rules.thresholds_in_order(excellent, good, passing):
        raise ValidationFailed(
            "等次分数线应为“优秀最低分”高于“良好最低分”、“良好最低分”高于“合格最低分”，请调整。",
            field="good_min",
        )

    with transaction.atomic():
        standard = _locked_draft(standard_id)
        standard.excellent_min, standard.good_min, standard.pass_min = excellent, good, passing
        standard.save(update_fields=["excellent_min", "good_min", "pass_min"])
        audit.record(
            "evaluation_standard_changed",
            actor=user,
            target=standard,
            request=request,
            detail={"thresholds": [str(excellent), str(good), str(passing)]},
        )
    return standard


@dataclass(frozen=True)
class InForceChange:
    """The version put in force and the versions it retired (none when no version was in force)."""

    standard: Standard
    retired: list[Standard]


def put_in_force(user: User, standard_id: int, *, request: Any = None) -> InForceChange:
    """Make a draft the current standard; its points must add up to exactly 100."""
    require(user, Capability.EVALUATE_CASE_FILES)

    with transaction.atomic():
        standard = _locked_draft(standard_id)
        points = list(standard.items.values_list("points", flat=True))
        if not points:
            raise ValidationFailed(f"{standard}还没有评查项目，请先添加项目。", field="items")
        difference = rules.points_difference(points)
        if difference != 0:
            direction = "多" if difference > 0 else "少"
            raise ValidationFailed(
                f"{standard}各项目分值合计{plain(100 + difference)}分，比100分{direction}"
                f"{plain(abs(difference))}分，请调整分值后再施行。",
                field="items",
            )
        previous = Standard.objects.select_for_update().filter(state=StandardState.IN_FORCE)
        retired = list(previous)
        previous.update(state=StandardState.RETIRED)
        for row in retired:
            row.state = StandardState.RETIRED
        standard.state = StandardState.IN_FORCE
        standard.in_force_from = timezone.now()
        standard.save(update_fields=["state", "in_force_from"])
        audit.record(
            "evaluation_standard_in_force",
            actor=user,
            target=standard,
            request=request,
            detail={"retired": [row.pk for row in retired]},
        )
    logger.info("evaluation standard %s in force", standard.pk)
    return InForceChange(standard, retired)
