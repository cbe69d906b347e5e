"""Comparing review rounds: what changed since the last round, and what a decision adds.

Both work on the proposal JSON a round keeps (``ProposedDecision.as_json``), so a round is
compared with what was submitted then, not with the case as it is now.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from zhifa.cases.rules.penalty import PENALTY_LABELS
from zhifa.review.models import ReviewRequest

# Proposal fields shown on the comparison, with their Chinese labels.
PROPOSAL_LABELS = {
    "kind": "决定类型",
    "penalty_types": "处罚种类",
    "fine": "罚款金额（元）",
    "confiscation": "没收金额或价值（元）",
    "party_kinds": "当事人类型",
    "domain": "执法领域",
    "basis_level": "依据层级",
    "power_item": "执法事项",
    "enforcement_method": "强制执行方式",
    "hearing_required": "须经听证",
    "hearing_held": "已经听证",
    "statutory_minimum_fine": "法定最低罚款数额（元）",
}


@dataclass(frozen=True)
class Change:
    """One difference between a round and the round before it."""

    label: str
    before: str
    after: str


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "（无）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(PENALTY_LABELS.get(str(item), str(item)) for item in value)
    return str(value)


def _materials(request: ReviewRequest) -> dict[str, str]:
    shown = {}
    for row in request.materials:
        if row.get("provided"):
            state = "已提交"
        elif row.get("not_applicable"):
            state = "不适用"
        else:
            state = "未提交"
        note = row.get("note") or ""
        if note.startswith(state):  # a 不适用 note already starts with its state
            state, note = note, ""
        shown[row.get("name") or row.get("code", "")] = f"{state}{'：' + note if note else ''}"
    return shown


def compare(request: ReviewRequest) -> list[Change]:
    """Return the changes of ``request`` against the previous round; empty for a first round."""
    previous = request.previous
    if previous is None:
        return []
    changes = []
    for key, label in PROPOSAL_LABELS.items():
        before, after = previous.proposal.get(key), request.proposal.get(key)
        if before != after:
            changes.append(Change(label, _shown(before), _shown(after)))

    before_materials, after_materials = _materials(previous), _materials(request)
    for name in sorted(set(before_materials) | set(after_materials)):
        before_text = before_materials.get(name, "（未列入）")
        after_text = after_materials.get(name, "（未列入）")
        if before_text != after_text:
            changes.append(Change(f"送审材料：{name}", before_text, after_text))

    if previous.summary != request.summary:
        changes.append(Change("送审说明", previous.summary, request.summary))
    return changes


def _amount(proposal: dict[str, Any], key: str) -> Decimal:
    try:
        return Decimal(str(proposal.get(key) or "0"))
    except InvalidOperation:
        return Decimal("0")


def heavier_than_reviewed(reviewed: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """Return how ``current`` goes beyond the ``reviewed`` proposal; empty when it does not.

    A decision of another kind, a higher fine or confiscation, or a penalty type the review
    did not cover needs a new review. A lighter decision is covered by the approval.
    """
    reasons = []
    if reviewed.get("kind") != current.get("kind"):
        reasons.append("决定类型与审核时不同")
    for key, label in (("fine", "罚款金额"), ("confiscation", "没收金额或价值")):
        before, after = _amount(reviewed, key), _amount(current, key)
        if after > before:
            reasons.append(f"{label}由审核时的{before}元提高到{after}元")
    added = sorted(
        set(current.get("penalty_types") or []) - set(reviewed.get("penalty_types") or [])
    )
    if added:
        names = "、".join(PENALTY_LABELS.get(code, code) for code in added)
        reasons.append(f"增加了审核时没有的处罚种类：{names}")
    return reasons
