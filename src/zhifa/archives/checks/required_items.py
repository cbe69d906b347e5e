"""The items a case file must contain, by case kind (卷内文件的必备项).

A rule names an item by its source and, for documents, by words its title contains, because a
document item's title is the document's name (e.g. 行政处罚决定书). Change this table to change
what the integrity check requires; every kind needs the table of contents (卷内目录).
"""

from dataclasses import dataclass

from zhifa.archives.casefiles.models import CaseFileItem, ItemSource
from zhifa.cases.models import CaseKind


@dataclass(frozen=True)
class RequiredItem:
    label: str
    source: str
    title_words: tuple[str, ...] = ()

    def matches(self, item: CaseFileItem) -> bool:
        if item.source != self.source:
            return False
        return not self.title_words or any(word in item.title for word in self.title_words)


CONTENTS = RequiredItem("卷内目录", ItemSource.CONTENTS)
PENALTY_DECISION = RequiredItem("行政处罚决定书", ItemSource.DOCUMENT, ("处罚决定书",))
LICENSING_DECISION = RequiredItem("行政许可决定书", ItemSource.DOCUMENT, ("许可决定书",))
DISPOSAL_DECISION = RequiredItem("处理决定书", ItemSource.DOCUMENT, ("决定书",))
COERCION_DECISION = RequiredItem("行政强制决定书", ItemSource.DOCUMENT, ("决定书",))

# NOTE: a penalty case withdrawn before a decision (撤销立案) has no decision document and fails
# this rule; such case files need a rule of their own once the case records the withdrawal.
RULES: dict[str, tuple[RequiredItem, ...]] = {
    CaseKind.PENALTY_SUMMARY: (CONTENTS, PENALTY_DECISION),
    CaseKind.PENALTY_ORDINARY: (CONTENTS, PENALTY_DECISION),
    CaseKind.LICENSING: (CONTENTS, LICENSING_DECISION),
    CaseKind.LICENSE_DISPOSAL: (CONTENTS, DISPOSAL_DECISION),
    CaseKind.COERCIVE_MEASURE: (CONTENTS, COERCION_DECISION),
    CaseKind.COMPULSORY_ENFORCEMENT: (CONTENTS, COERCION_DECISION),
}


def required_for(case_kind: str) -> tuple[RequiredItem, ...]:
    return RULES.get(case_kind, (CONTENTS,))
