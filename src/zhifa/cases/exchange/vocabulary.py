"""The codes an exchanged record may use, each also accepted as its Chinese label."""

from zhifa.cases.models import CaseKind, CaseStatus, PartyKind, Stage
from zhifa.cases.rules.penalty import PENALTY_LABELS

# The penalty types of 行政处罚法 Art. 9, plus item 6 (other types that a law or an
# administrative regulation creates), which a source system may report.
PENALTY_TYPES: dict[str, str] = {**PENALTY_LABELS, "other": "法律、行政法规规定的其他行政处罚"}

# Chinese names of the record fields, for error messages.
FIELD_LABELS: dict[str, str] = {
    "source_id": "来源编号",
    "agency": "执法主体",
    "department": "承办部门",
    "kind": "案件类型",
    "number": "案号",
    "title": "案由",
    "opened_on": "立案日期",
    "stage": "当前阶段",
    "status": "状态",
    "closed_on": "结案日期",
    "parties": "当事人",
    "power_items": "执法事项编码",
    "decision": "处罚决定",
    "decided_on": "决定日期",
    "penalty_types": "处罚种类",
    "fine_amount": "罚款金额（元）",
    "document_number": "决定书文号",
    "legal_review_conclusion": "法制审核结论",
    "legal_review_date": "法制审核日期",
    "legal_review_body": "法制审核机构",
}

# Names of a party's fields, shown after “第N个当事人的”.
PARTY_FIELD_LABELS: dict[str, str] = {
    "type": "类型",
    "name": "名称",
    "id_number": "身份证号",
    "uscc": "统一社会信用代码",
    "identifier": "证件号码",
}


def _codes_and_labels(choices: list[tuple[str, str]]) -> dict[str, str]:
    mapping = {str(value): str(value) for value, _ in choices}
    mapping.update({str(label): str(value) for value, label in choices})
    return mapping


KINDS = _codes_and_labels(CaseKind.choices)
STAGES = _codes_and_labels(Stage.choices)
STATUSES = _codes_and_labels(CaseStatus.choices)
PARTY_KINDS = _codes_and_labels(PartyKind.choices)
PENALTIES = _codes_and_labels(list(PENALTY_TYPES.items()))
# Conclusions of a legal review (法制审核意见); only 同意 lets a major decision through.
REVIEW_CONCLUSION_LABELS = {
    "approved": "同意",
    "revise_and_resubmit": "建议修改后提交",
    "disapproved": "不同意",
}
REVIEW_CONCLUSIONS = _codes_and_labels(list(REVIEW_CONCLUSION_LABELS.items()))


def describe(choices: list[tuple[str, str]]) -> str:
    """Return the accepted values as “code（label）”, joined for a message."""
    return "、".join(f"{value}（{label}）" for value, label in choices)


def field_label(path: str) -> str:
    """Return the Chinese name of a field path: ``parties[1].uscc``, ``decision.fine_amount``."""
    head, _, rest = path.partition(".")
    name, _, index = head.partition("[")
    if name == "parties" and index:
        position = int(index.rstrip("]")) + 1
        return f"第{position}个当事人" + (f"的{PARTY_FIELD_LABELS.get(rest, rest)}" if rest else "")
    if name == "decision" and rest:
        return FIELD_LABELS.get(rest, rest)
    label = FIELD_LABELS.get(name, name)
    if index:
        label = f"第{int(index.rstrip(']')) + 1}个{label}"
    return label
