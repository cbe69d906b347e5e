"""The reviewer's opinion (法制审核意见) on one round, with the checks that reject empty ones.

An opinion must give a result for every checklist item of the decision kind, explain each
failed item, and give reasoned legality and reasonableness findings. A bare “同意”, a
signature or a text shorter than the configured minimum is rejected with the reason.
"""

import datetime
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.agencies.models import Reviewer
from zhifa.cases import stages
from zhifa.cases.actions._common import StepInput, append_step
from zhifa.cases.models import Case, CaseStep, LegalReviewState
from zhifa.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from zhifa.core.rules import parameter
from zhifa.core.workdays import shanghai_date
from zhifa.review import documents, eligibility
from zhifa.review.actions.requests import lock_request
from zhifa.review.lists import checklist_for
from zhifa.review.models import Conclusion, RequestState, ReviewOpinion, ReviewRequest

logger = logging.getLogger(__name__)

RESULTS = ("pass", "fail", "na")
STATE_OF_CONCLUSION = {
    Conclusion.APPROVED: RequestState.APPROVED,
    Conclusion.REVISE_AND_RESUBMIT: RequestState.RETURNED,
    Conclusion.DISAPPROVED: RequestState.DISAPPROVED,
}
# Texts that state no finding at all, compared after removing spaces and punctuation.
BARE_TEXTS = frozenset(
    {"同意", "拟同意", "原则同意", "同意送审", "无意见", "没有意见", "无异议", "已阅", "阅", "可以"}
)
# Stock phrases removed before counting a finding's characters, longest first so that
# “拟同意” goes whole. Single characters such as “阅” stay, because real findings use them.
STOCK_WORDS = tuple(
    sorted(
        {"同意", "拟同意", "原则同意", "同意送审", "无意见", "没有意见", "无异议", "已阅"},
        key=len,
        reverse=True,
    )
)
FINDING_HINT = "请用文字写明对事实、证据、依据、程序、裁量的审核情况"
# Maximum length of a checklist item's note, which the opinion form also uses.
CHECKLIST_NOTE_MAX = 500
SIGNATURE_WORDS = ("审核人员", "审核人", "经办人", "签名", "签字", "签章")
DATE_PATTERN = re.compile(r"\d{2,4}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?")


@dataclass
class ChecklistResult:
    code: str
    result: str
    note: str = ""


@dataclass
class OpinionInput:
    conclusion: str
    legality: str
    reasonableness: str
    checklist: list[ChecklistResult] = field(default_factory=list)
    corrections: str = ""
    participant_ids: list[int] = field(default_factory=list)
    participant_note: str = ""


def minimum_characters() -> int:
    """Return the fewest meaningful characters a legality or reasonableness finding needs."""
    return int(parameter("review_opinion_min_characters"))


def _meaningful(text: str) -> str:
    """Return the letters and digits of ``text`` (CJK characters count as letters)."""
    return "".join(char for char in text if unicodedata.category(char)[0] in "LN")


def _is_cjk(char: str) -> bool:
    """Return whether ``char`` is a CJK ideograph (basic block, extension A, extensions B-G)."""
    point = ord(char)
    return (
        0x4E00 <= point <= 0x9FFF
        or 0x3400 <= point <= 0x4DBF
        or 0xF900 <= point <= 0xFAFF
        or 0x20000 <= point <= 0x3134F
    )


def _finding_characters(core: str) -> str:
    """Return the CJK characters of ``core`` that remain after removing the stock phrases.

    Latin letters and digits (article numbers, amounts) support a finding but do not make one,
    so they are not counted.
    """
    for word in STOCK_WORDS:
        core = core.replace(word, "")
    return "".join(char for char in core if _is_cjk(char))


def _check_substance(core: str, field_name: str, label: str) -> None:
    """Raise ``ValidationFailed`` unless ``core`` has enough distinct Chinese words of its own."""
    minimum = minimum_characters()
    words = _finding_characters(core)
    if len(words) < minimum:
        raise ValidationFailed(
            f"“{label}”过于简单（{len(words)}个有效字），至少应有{minimum}个有效字；"
            f"{FINDING_HINT}。“同意”等套话、字母和数字不计入有效字。",
            field=field_name,
        )
    distinct = len(set(words))
    least_distinct = (minimum + 1) // 2
    if distinct < least_distinct:
        raise ValidationFailed(
            f"“{label}”重复相同的字词，只有{distinct}个不同的汉字，至少应有{least_distinct}个；"
            f"{FINDING_HINT}。",
            field=field_name,
        )


def _looks_signed(text: str, names: list[str]) -> bool:
    """Return whether ``text`` is only names, signature words and dates."""
    rest = DATE_PATTERN.sub("", text)
    for word in (*SIGNATURE_WORDS, *names):
        if word:
            rest = rest.replace(word, "")
    return rest != text and len(_meaningful(rest)) < 2


def check_finding(text: str, field_name: str, label: str, names: list[str]) -> str:
    """Return the stripped finding, or raise ``ValidationFailed`` saying why it is refused."""
    stripped = (text or "").strip()
    if not stripped:
        raise ValidationFailed(f"请填写“{label}”。", field=field_name)
    core = _meaningful(stripped)
    if core in BARE_TEXTS:
        raise ValidationFailed(
            f"“{label}”只写了“{stripped}”，没有说明理由；请写明审核了哪些事项、依据什么得出结论。",
            field=field_name,
        )
    if _looks_signed(stripped, names):
        raise ValidationFailed(f"“{label}”只有签名或日期，请写明审核意见及理由。", field=field_name)
    _check_substance(core, field_name, label)
    if len(stripped) > 5000:
        raise ValidationFailed(f"“{label}”不能超过5000个字。", field=field_name)
    return stripped


def check_checklist(kind: str, answers: list[ChecklistResult]) -> list[dict[str, Any]]:
    """Return the checklist to store, after checking that every item has a result and every
    failed item a note."""
    items = checklist_for(kind)
    by_code = {answer.code: answer for answer in answers}
    unknown = sorted(set(by_code) - {item.code for item in items})
    if unknown:
        raise ValidationFailed(
            f"审核要点代码无效：{'、'.join(unknown)}；请按本类决定的审核要点填写。",
            field="checklist",
        )
    unanswered = [item.label for item in items if by_code.get(item.code) is None]
    if unanswered:
        raise ValidationFailed(
            f"以下审核要点尚未填写审核结果：{'、'.join(unanswered)}。", field="checklist"
        )
    rows = []
    for item in items:
        answer = by_code[item.code]
        if answer.result not in RESULTS:
            raise ValidationFailed(
                f"审核要点“{item.label}”的结果应为符合、不符合或不适用。", field="checklist"
            )
        note = (answer.note or "").strip()
        if len(note) > CHECKLIST_NOTE_MAX:
            raise ValidationFailed(
                f"审核要点“{item.label}”的说明有{len(note)}个字，不能超过{CHECKLIST_NOTE_MAX}个字，"
                "请精简。",
                field="checklist",
            )
        if answer.result == "fail" and not note:
            raise ValidationFailed(
                f"审核要点“{item.label}”不符合，请在说明中写明存在的问题。", field="checklist"
            )
        rows.append(
            {
                "code": item.code,
                "label": item.label,
                "group": item.group,
                "result": answer.result,
                "note": note,
            }
        )
    return rows


def _check_conclusion(data: OpinionInput, rows: list[dict[str, Any]]) -> str:
    """Return the stripped corrections, refusing a conclusion the checklist contradicts."""
    if data.conclusion not in Conclusion.values:
        raise ValidationFailed("请选择“审核结论”。", field="conclusion")
    corrections = (data.corrections or "").strip()
    failed = [row["label"] for row in rows if row["result"] == "fail"]
    if data.conclusion == Conclusion.APPROVED and failed:
        raise ValidationFailed(
            f"审核要点{'、'.join(f'“{label}”' for label in failed)}不符合，不能出具“同意”的结论；"
            "请选择“建议修改后提交”或“不同意”。",
            field="conclusion",
        )
    if data.conclusion != Conclusion.APPROVED and not corrections:
        raise ValidationFailed(
            "审核结论为建议修改或不同意的，请填写“修改意见”。", field="corrections"
        )
    if len(corrections) > 5000:
        raise ValidationFailed("“修改意见”不能超过5000个字。", field="corrections")
    return corrections


def _participants(
    ids: list[int], case: Case, signer: Reviewer, day: datetime.date
) -> list[Reviewer]:
    wanted = set(ids) - {signer.pk}
    rows = list(
        Reviewer.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day),
            pk__in=wanted,
            agency_id__in={case.agency_id, signer.agency_id},
        )
    )
    if len(rows) != len(wanted):
        raise ValidationFailed(
            "所选参与审核人员不是本单位或审核机构在岗的法制审核人员、公职律师或法律顾问。",
            field="participant_ids",
        )
    return rows


def _record_step(user: User, request: ReviewRequest, opinion: ReviewOpinion) -> CaseStep | None:
    """Append the 法制审核 step to the case timeline, where the case's kind has that step."""
    case = request.case
    if stages.procedure_for(case.kind).step("legal_review") is None:
        # TODO: the licensing, coercion and levies procedures have no legal_review step yet,
        # so their timelines show the review only through the opinion document.
        return None
    summary = (
        f"第{request.round_number}轮法制审核：{opinion.get_conclusion_display()}"
        f"（{request.body_name}，审核人员{opinion.reviewer.full_name}）"
    )
    return append_step(
        user,
        case,
        StepInput(
            step="legal_review",
            occurred_at=opinion.issued_at,
            summary=summary,
            details={
                "review_request": request.pk,
                "round": request.round_number,
                "conclusion": opinion.conclusion,
                "review_body": request.body_name,
            },
        ),
    )


def issue_opinion(user: User, request: ReviewRequest | int, data: OpinionInput) -> ReviewOpinion:
    """Issue the opinion on a round under review and produce the opinion document."""
    with transaction.atomic():
        locked = lock_request(user, request)
        now = timezone.now()
        day = shanghai_date(now)
        refusal = eligibility.refusal(user, locked, day)
        if refusal:
            raise NotPermitted(refusal)
        if locked.state != RequestState.SUBMITTED:
            raise InvalidTransition(
                f"第{locked.round_number}轮法制审核已{locked.get_state_display()}，"
                "不能再出具审核意见。",
                field="state",
            )
        signer = eligibility.signing_reviewer(user)
        names = [signer.full_name, user.full_name, user.username]
        legality = check_finding(data.legality, "legality", "合法性审核意见", names)
        reasonableness = check_finding(
            data.reasonableness, "reasonableness", "合理性审核意见", names
        )
        rows = check_checklist(locked.decision_kind, data.checklist)
        corrections = _check_conclusion(data, rows)
        participants = _participants(data.participant_ids, locked.case, signer, day)
        note = (data.participant_note or "").strip()
        if len(note) > 300:
            raise ValidationFailed("“其他参与人员”不能超过300个字。", field="participant_note")

        opinion = ReviewOpinion.objects.create(
            request=locked,
            reviewer=signer,
            reviewed_by=user,
            conclusion=data.conclusion,
            legality=legality,
            reasonableness=reasonableness,
            checklist=rows,
            corrections=corrections,
            participant_note=note,
            issued_at=now,
        )
        opinion.participants.set(participants)
        locked.state = STATE_OF_CONCLUSION[Conclusion(data.conclusion)]
        locked.completed_at = now
        locked.save(update_fields=["state", "completed_at"])
        case = locked.case
        approved = data.conclusion == Conclusion.APPROVED
        case.legal_review_state = (
            LegalReviewState.APPROVED if approved else LegalReviewState.REQUIRED
        )
        case.save(update_fields=["legal_review_state"])

        step = _record_step(user, locked, opinion)
        opinion.document = documents.produce(user, opinion, step)
        opinion.save(update_fields=["document"])
        audit.record(
            "review_opinion_issued",
            actor=user,
            target=locked,
            agency_id=case.agency_id,
            detail={
                "round": locked.round_number,
                "conclusion": data.conclusion,
                "document": opinion.document.pk,
            },
        )
    logger.info("review opinion %s issued on case %s", data.conclusion, case.pk)
    return opinion
