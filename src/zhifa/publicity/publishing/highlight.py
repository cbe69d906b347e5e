"""HTML of a text with its masks highlighted, for the approver screen.

Each mask becomes a ``<mark>`` whose title names its kind. The original column shows the
masked words with a button that keeps them visible; the masked column shows the replacement.
Every piece of text is escaped, so a decision's text cannot inject markup.
"""

from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

KIND_LABELS = {
    "name": "当事人姓名",
    "id_number": "身份证号",
    "other_id_number": "证件号码",
    "phone": "联系电话",
    "email": "电子邮箱",
    "bank_account": "银行账号",
    "address": "住址",
    "plate": "车牌号",
    "person_name": "人名",
    "manual": "人工遮蔽",
}
REMOVE_FORM_ID = "remove-mask"


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def highlighted(text: str, masks: list[dict[str, Any]], *, masked: bool) -> SafeString:
    """Return ``text`` as HTML, each mask wrapped in ``<mark>``; overlapping masks are skipped."""
    parts: list[str] = []
    position = 0
    for mask in sorted(masks, key=lambda row: (row["start"], row["end"])):
        start, end = int(mask["start"]), int(mask["end"])
        if start < position or end > len(text):
            continue
        parts.append(str(escape(text[position:start])))
        parts.append(_mark(text[start:end], mask, masked))
        position = end
    parts.append(str(escape(text[position:])))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


def _mark(original: str, mask: dict[str, Any], masked: bool) -> str:
    title = kind_label(str(mask.get("kind", "")))
    if masked:
        return str(format_html('<mark title="{}">{}</mark>', title, mask.get("replacement", "")))
    return str(
        format_html(
            '<mark title="{}">{}</mark><button type="submit" form="{}" name="remove" '
            'value="{}" class="link unmask" aria-label="取消遮蔽“{}”">取消</button>',
            title,
            original,
            REMOVE_FORM_ID,
            original,
            original,
        )
    )
