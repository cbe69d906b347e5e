"""Scene rules of audio-video recording (音像记录场景) and each agency's recording rules.

A scene lists the case steps that call for it as triggers: a bare step code
(``measure_imposed``) or a code narrowed by one value of the step's details
(``document_service:method=leaving``). District scenes (agency empty) apply to every agency;
the supervisor maintains them. An agency head adds and edits the agency's own scenes and
keeps versions of the agency's recording rules (音像记录制度).
"""

import datetime
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Max, Q, QuerySet

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict, scope_for
from zhifa.agencies.models import Agency
from zhifa.cases import stages
from zhifa.cases.actions._common import require, required_text
from zhifa.cases.rules.service import ServiceMethod
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.evidence.models import RecordingRules, Requirement, SceneType

logger = logging.getLogger(__name__)

TRIGGER = re.compile(r"^(?P<code>[a-z][a-z0-9_]*)(?::(?P<key>[a-z_]+)=(?P<value>[\w-]+))?$")

# The step details a trigger may test, per step code, with the values each may take. A condition
# on any other detail is rejected, because a misspelt one would silently never match.
CONDITION_CHOICES: dict[str, dict[str, type[models.TextChoices]]] = {
    "document_service": {"method": ServiceMethod},
}


@dataclass(frozen=True)
class Trigger:
    code: str
    key: str = ""
    value: str = ""

    def matches(self, step_code: str, details: dict[str, Any]) -> bool:
        if step_code != self.code:
            return False
        return not self.key or str(details.get(self.key, "")) == self.value


def parse_trigger(text: str) -> Trigger:
    """Parse ``code`` or ``code:key=value``; raise ``ValidationFailed`` on any other form."""
    found = TRIGGER.match(text.strip())
    if found is None:
        raise ValidationFailed(
            f"触发环节“{text}”格式不正确，应为环节代码，或“环节代码:字段=值”。", field="steps"
        )
    return Trigger(found["code"], found["key"] or "", found["value"] or "")


def known_step_codes() -> set[str]:
    return {code for procedure in stages.PROCEDURES.values() for code in procedure.steps}


def step_label(code: str) -> str:
    """Return the Chinese label of a step code from the first procedure that has it."""
    for procedure in stages.PROCEDURES.values():
        spec = procedure.step(code)
        if spec is not None:
            return spec.label
    return code


def trigger_label(text: str) -> str:
    """Return a trigger in words, e.g. "送达（留置送达）" for a leaving-service trigger."""
    trigger = parse_trigger(text)
    label = step_label(trigger.code)
    if not trigger.key:
        return label
    if trigger.key == "method" and trigger.value in ServiceMethod.values:
        return f"{label}（{ServiceMethod(trigger.value).label}）"
    return f"{label}（{trigger.key}={trigger.value}）"


def scenes_for_case(case_id: int) -> QuerySet[SceneType]:
    """Return the active district scenes and the active scenes of the case's agency."""
    return SceneType.objects.filter(
        Q(agency__isnull=True) | Q(agency__cases__pk=case_id), active=True
    )


def scenes_triggered(
    scenes: Iterable[SceneType], step_code: str, details: dict[str, Any]
) -> list[SceneType]:
    """Return the scenes among ``scenes`` that a step with this code and details calls for."""
    return [
        scene
        for scene in scenes
        if any(parse_trigger(text).matches(step_code, details) for text in scene.steps)
    ]


# --- Maintaining scenes ------------------------------------------------------------------------


@dataclass
class SceneInput:
    code: str
    name: str
    requirement: str
    legal_source: str
    steps: list[str] = field(default_factory=list)
    confirmed: bool = False
    active: bool = True


def _check_condition(trigger: Trigger) -> None:
    """Reject a condition on a detail the step does not have, or a value it cannot take."""
    if not trigger.key:
        return
    keys = CONDITION_CHOICES.get(trigger.code, {})
    choices = keys.get(trigger.key)
    if choices is None:
        allowed = "、".join(f"{trigger.code}:{key}=…" for key in keys) or "不带条件的环节代码"
        raise ValidationFailed(
            f"触发环节“{trigger.code}”不能按“{trigger.key}”设条件，可写：{allowed}。",
            field="steps",
        )
    if trigger.value not in choices.values:
        allowed = "、".join(f"{value}（{label}）" for value, label in choices.choices)
        raise ValidationFailed(
            f"触发环节“{trigger.code}:{trigger.key}={trigger.value}”的值无效，可选：{allowed}。",
            field="steps",
        )


def _clean_steps(texts: list[str]) -> list[str]:
    known = known_step_codes()
    cleaned: list[str] = []
    for text in texts:
        if not text.strip():
            continue
        trigger = parse_trigger(text)
        if trigger.code not in known:
            raise ValidationFailed(
                f"触发环节“{trigger.code}”不是任何案件类型的办案环节，请检查环节代码。",
                field="steps",
            )
        _check_condition(trigger)
        cleaned.append(text.strip())
    return cleaned


def _check_unique_name(name: str, agency_id: int | None, exclude_pk: int | None = None) -> None:
    """Reject a name already used by a scene of the same agency or by a district scene."""
    same = SceneType.objects.filter(name=name).filter(Q(agency_id=agency_id) | Q(agency=None))
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationFailed(
            f"已有名为“{name}”的音像记录场景，请换一个名称或修改原场景。", field="name"
        )


def _clean(data: SceneInput) -> dict[str, Any]:
    if data.requirement not in Requirement.values:
        raise ValidationFailed("请选择记录要求：全程音像记录或视情音像记录。", field="requirement")
    return {
        "name": required_text(data.name, "name", "场景名称", 60),
        "requirement": data.requirement,
        "legal_source": required_text(data.legal_source, "legal_source", "依据", 300),
        "steps": _clean_steps(data.steps),
        "confirmed": data.confirmed,
        "active": data.active,
    }


def _check_may_edit(user: User, agency_id: int | None) -> None:
    """District scenes are the supervisor's; an agency's scenes are its head's."""
    require(user, Capability.MANAGE_SCENE_RULES)
    scope = scope_for(user)
    if agency_id is None and not scope.all_agencies:
        raise NotPermitted("全区通用的音像记录场景由区司法局执法监督人员维护。")
    if agency_id is not None and not scope.includes(agency_id):
        raise NotFound("执法主体不存在或不在您的管理范围内。")


def create_scene(user: User, agency: Agency | None, data: SceneInput) -> SceneType:
    """Add a scene for one agency, or with ``agency`` None, a district scene."""
    agency_id = agency.pk if agency is not None else None
    _check_may_edit(user, agency_id)
    code = (data.code or "").strip()
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,59}", code):
        raise ValidationFailed(
            "场景代码只能由小写英文字母、数字和下划线组成，以字母开头，2至60个字符。",
            field="code",
        )
    values = _clean(data)
    _check_unique_name(values["name"], agency_id)
    if agency_id is not None and SceneType.objects.filter(agency=None, code=code).exists():
        raise ValidationFailed(f"代码“{code}”已被全区通用场景使用，请换一个代码。", field="code")
    try:
        with transaction.atomic():
            scene = SceneType.objects.create(agency_id=agency_id, code=code, **values)
            audit.record(
                "scene_type_created",
                actor=user,
                target=scene,
                agency_id=agency_id,
                detail={"code": code, **values},
            )
    except IntegrityError:
        raise ValidationFailed(f"场景代码“{code}”已存在，请换一个代码。", field="code") from None
    logger.info("scene %s created for agency %s", code, agency_id)
    return scene


def update_scene(user: User, scene: SceneType | int, data: SceneInput) -> SceneType:
    """Change a scene's name, requirement, source, triggers, confirmation or activity.

    The code stays, because records already point at the scene.
    """
    pk = scene.pk if isinstance(scene, SceneType) else scene
    found = SceneType.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound("音像记录场景不存在。")
    _check_may_edit(user, found.agency_id)
    values = _clean(data)
    _check_unique_name(values["name"], found.agency_id, exclude_pk=found.pk)
    before = {key: getattr(found, key) for key in values}
    with transaction.atomic():
        SceneType.objects.filter(pk=pk).update(**values)
        found.refresh_from_db()
        audit.record(
            "scene_type_changed",
            actor=user,
            target=found,
            agency_id=found.agency_id,
            detail={"before": before, "after": values},
        )
    return found


def visible_scenes(user: User) -> QuerySet[SceneType]:
    """Return the district scenes and the scenes of the agencies in the user's scope."""
    own = restrict(SceneType.objects.filter(agency__isnull=False), user)
    return SceneType.objects.filter(Q(agency__isnull=True) | Q(pk__in=own.values("pk")))


# --- Recording rules ---------------------------------------------------------------------------


@dataclass
class RulesInput:
    effective_from: datetime.date | None
    use: str
    content: str
    wording: str
    storage: str


def add_recording_rules(user: User, agency: Agency, data: RulesInput) -> RecordingRules:
    """Add the next version of an agency's recording rules; earlier versions stay as they were."""
    require(user, Capability.MANAGE_SCENE_RULES)
    if not scope_for(user).includes(agency.pk):
        raise NotFound("执法主体不存在或不在您的管理范围内。")
    if data.effective_from is None:
        raise ValidationFailed("请填写“施行日期”。", field="effective_from")
    values = {
        "use": required_text(data.use, "use", "设备使用"),
        "content": required_text(data.content, "content", "记录要素"),
        "wording": required_text(data.wording, "wording", "告知用语"),
        "storage": required_text(data.storage, "storage", "存储与管理"),
    }
    with transaction.atomic():
        Agency.objects.select_for_update().get(pk=agency.pk)
        latest = RecordingRules.objects.filter(agency=agency).aggregate(top=Max("version"))["top"]
        rules = RecordingRules.objects.create(
            agency=agency,
            version=(latest or 0) + 1,
            effective_from=data.effective_from,
            created_by=user,
            **values,
        )
        audit.record(
            "recording_rules_added",
            actor=user,
            target=rules,
            agency_id=agency.pk,
            detail={"version": rules.version, "effective_from": data.effective_from.isoformat()},
        )
    return rules


def current_rules(agency_id: int, on: datetime.date) -> RecordingRules | None:
    """Return the latest version in force on ``on``."""
    return (
        RecordingRules.objects.filter(agency_id=agency_id, effective_from__lte=on)
        .order_by("-version")
        .first()
    )
