"""``POST /api/publicity/redact``: mask a decision's text with the publishing engine.

Any back-office user may call it: it transforms only the text the caller sends, and the
masking policy it applies is readable on the masking policy page. Without ``agency_id`` the
caller's own agency's policy applies, or the district's for users without an agency.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.core.identifiers import MAX_ROW_ID
from zhifa.publicity.redaction import PartyFacts, redact_text
from zhifa.publicity.redaction.defaults import PARTY_KIND_LABELS, PARTY_KINDS
from zhifa.publicity.redaction.policy import policy_for

router = Router(tags=["行政执法公示"])

# Several times the longest decision texts, so that one request cannot keep a worker busy for
# long. One run over 128,800 characters of a sample decision took 3.3 s on a 2-core AMD EPYC
# virtual machine (jieba 0.42.1), and the name tagger took nearly all of it.
MAX_TEXT_CHARACTERS = 100_000
MAX_PARTIES = 50
MAX_STRINGS = 200
MAX_STRING_CHARACTERS = 200


class PartyIn(Schema):
    name: str = Field(max_length=200)
    kind: str
    id_number: str = Field("", max_length=40)
    other_id_number: str = Field("", max_length=40)
    phone: str = Field("", max_length=40)
    address: str = Field("", max_length=200)
    legal_representative: str = Field("", max_length=60)
    uscc: str = Field("", max_length=18)


class RedactIn(Schema):
    text: str
    parties: list[PartyIn] = []
    agency_id: int | None = None
    keep: list[str] = []
    extra: list[str] = []


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not user.can(Capability.VIEW_BACKOFFICE):
        raise NotPermitted(f"您的角色没有“{Capability.VIEW_BACKOFFICE.label}”权限。")
    return user


def _agency_id(user: User, requested: int | None) -> int | None:
    if requested is None:
        return user.agency_id
    agencies = restrict(Agency.objects.all(), user)
    if not 0 < requested <= MAX_ROW_ID or not agencies.filter(pk=requested).exists():
        raise NotFound("执法主体不存在或不在您的查看范围内。", field="agency_id")
    return requested


def _check_sizes(payload: RedactIn) -> None:
    if len(payload.text) > MAX_TEXT_CHARACTERS:
        raise ValidationFailed(
            f"“text”（决定文本）不能超过{MAX_TEXT_CHARACTERS}字，当前为{len(payload.text)}字。"
            "请分段提交。",
            field="text",
        )
    if len(payload.parties) > MAX_PARTIES:
        raise ValidationFailed(f"“parties”（当事人）最多{MAX_PARTIES}个。", field="parties")
    for name in ("keep", "extra"):
        strings: list[str] = getattr(payload, name)
        if len(strings) > MAX_STRINGS or any(len(item) > MAX_STRING_CHARACTERS for item in strings):
            raise ValidationFailed(
                f"“{name}”最多{MAX_STRINGS}项，每项不超过{MAX_STRING_CHARACTERS}字。", field=name
            )


def _parties(items: list[PartyIn]) -> list[PartyFacts]:
    parties = []
    for index, item in enumerate(items):
        if item.kind not in PARTY_KINDS:
            allowed = "、".join(f"{kind}（{PARTY_KIND_LABELS[kind]}）" for kind in PARTY_KINDS)
            raise ValidationFailed(
                f"第{index + 1}个当事人的“kind”（当事人类型）应为：{allowed}。",
                field=f"parties.{index}.kind",
            )
        if not item.name.strip():
            raise ValidationFailed(
                f"请填写第{index + 1}个当事人的“name”（姓名或名称）。",
                field=f"parties.{index}.name",
            )
        parties.append(PartyFacts(**item.model_dump()))
    return parties


@router.post("/redact", summary="对决定文本作脱敏处理")
def redact(request: HttpRequest, payload: RedactIn) -> dict[str, Any]:
    """Return the masked text and every mask, positions counted in characters of ``text``."""
    user = _user(request)
    _check_sizes(payload)
    parties = _parties(payload.parties)
    policy = policy_for(_agency_id(user, payload.agency_id))
    result = redact_text(payload.text, parties, policy, keep=payload.keep, extra=payload.extra)
    return result.as_json()
