"""Legal rules on the contents of documents, as pure functions."""

from collections.abc import Mapping

# 行政复议法 (2023) Art. 20: apply for reconsideration within 60 days of knowing of the act.
RECONSIDERATION_PERIOD = "六十日"
# 行政诉讼法 (2017) Art. 46: sue within 6 months of knowing of the act.
LITIGATION_PERIOD = "六个月"

# 行政处罚法 (2021) Art. 59: the items a penalty decision must state, in the law's order. The
# seal (item 7) is part of the template and checked when a template is uploaded.
PENALTY_DECISION_ITEMS: tuple[tuple[str, str], ...] = (
    ("party_name", "当事人的姓名或者名称"),
    ("party_address", "当事人的地址"),
    ("facts", "违反法律、法规、规章的事实"),
    ("evidence", "违法证据"),
    ("penalty", "行政处罚的种类"),
    ("penalty_basis", "行政处罚的依据"),
    ("performance", "行政处罚的履行方式和期限"),
    ("reconsideration_body", "申请行政复议的途径"),
    ("court", "提起行政诉讼的途径"),
    ("agency_name", "作出行政处罚决定的行政机关名称"),
    ("decision_date", "作出决定的日期"),
)


def missing_penalty_decision_items(values: Mapping[str, str]) -> list[str]:
    """Return the Chinese names of the Art. 59 items that are empty in ``values``."""
    return [label for key, label in PENALTY_DECISION_ITEMS if not str(values.get(key, "")).strip()]


def missing_required_fields(required: Mapping[str, str], data: Mapping[str, object]) -> list[str]:
    """Return the labels of required fields (name to label) that ``data`` leaves empty."""
    return [label for name, label in required.items() if not str(data.get(name) or "").strip()]
