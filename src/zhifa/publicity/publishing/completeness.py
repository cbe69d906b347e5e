"""Mandatory dual-publicity fields: the document number that approval requires, and warnings.

The national 双公示 format marks most penalty and licensing fields required. Only the
决定书文号 blocks approval, because it identifies the decision on the portal and in the
credit platform. Other missing fields are warnings on the approver screen: the export fills
the agency's name, and the agency's 统一社会信用代码 comes from the agency's record.
"""

from typing import Any

from zhifa.cases.models import PartyKind
from zhifa.core.errors import ValidationFailed
from zhifa.publicity.drafting.document_numbers import NUMBER_REQUIRED_KINDS, number_in
from zhifa.publicity.fields import fields_for
from zhifa.publicity.models import PublicationKind

# Fields the format requires for every decision of the kind.
REQUIRED_CODES = {
    PublicationKind.PENALTY: (
        "CF_XDR_MC",
        "CF_XDR_LB",
        "CF_WSH",
        "CF_WFXW",
        "CF_SY",
        "CF_YJ",
        "CF_CFLB",
        "CF_NR",
        "CF_JDRQ",
        "CF_CFJG",
        "CF_CFJGDM",
        "CF_SJLY",
        "CF_SJLYDM",
    ),
    PublicationKind.LICENSE: (
        "XK_XDR_MC",
        "XK_XDR_LB",
        "XK_XKWS",
        "XK_WSH",
        "XK_XKLB",
        "XK_NR",
        "XK_JDRQ",
        "XK_YXQZ",
        "XK_YXQZI",
        "XK_XKJG",
        "XK_XKJGDM",
        "XK_ZT",
        "XK_LYDW",
        "XK_LYDWDM",
    ),
}
# Fields the format requires for an organisation party, and for a natural person.
ORGANISATION_CODES = {
    PublicationKind.PENALTY: ("CF_XDR_SHXYM", "CF_FRDB"),
    PublicationKind.LICENSE: ("XK_XDR_SHXYM", "XK_FRDB"),
}
PERSON_CODES = {
    PublicationKind.PENALTY: ("CF_XDR_ZJLX", "CF_XDR_ZJHM"),
    PublicationKind.LICENSE: ("XK_XDR_ZJLX", "XK_XDR_ZJHM"),
}
ORGANISATION_KINDS = frozenset({PartyKind.LEGAL_PERSON, PartyKind.OTHER_ORGANIZATION})
AGENCY_USCC_CODES = frozenset({"CF_CFJGDM", "CF_SJLYDM", "XK_XKJGDM", "XK_LYDWDM"})


def require_document_number(kind: str, original: dict[str, Any]) -> None:
    """Raise when a penalty or licence would be published without its 决定书文号."""
    if kind not in NUMBER_REQUIRED_KINDS or number_in(kind, original):
        return
    label = PublicationKind(kind).label
    raise ValidationFailed(
        f"该{label}没有“决定书文号”，按双公示标准不能发布；"
        "请在公示事项页面“补录决定书文号”后再审核发布。",
        field="document_number",
    )


def _required_for(kind: PublicationKind, original: dict[str, Any]) -> list[str]:
    codes = list(REQUIRED_CODES.get(kind, ()))
    parties = original.get("parties") or []
    first = parties[0].get("kind", "") if parties else ""
    if first in ORGANISATION_KINDS:
        codes += ORGANISATION_CODES.get(kind, ())
    elif first == PartyKind.NATURAL_PERSON:
        codes += PERSON_CODES.get(kind, ())
    return codes


def missing_field_warnings(kind: str, original: dict[str, Any]) -> list[str]:
    """Return one Chinese warning per required field that has no value; publishing continues."""
    publication_kind = PublicationKind(kind)
    values = original.get("fields") or {}
    labels = {spec.code: spec.label for spec in fields_for(kind)}
    warnings = []
    for code in _required_for(publication_kind, original):
        if values.get(code):
            continue
        warning = f"缺少双公示必填字段“{labels.get(code, code)}”（{code}）"
        if code in AGENCY_USCC_CODES:
            warning += "：执法主体尚未登记统一社会信用代码，请由管理员在执法主体信息中补充"
        warnings.append(warning + "。")
    return warnings
