"""Parties and helpers shared by the redaction tests."""

from collections.abc import Sequence

from zhifa.publicity.redaction import PartyFacts, Policy, Redaction, redact_text

# Valid by GB 11643 (the check digits were computed with zhifa.core.identifiers).
ID_SHANGHAI = "31011819850315123X"
ID_SHANGHAI_2 = "310229199211084564"
ID_STANDARD_EXAMPLE = "11010519491231002X"
# Valid by GB 32100: the standard's own example, and an all-digit code of a Qingpu company.
USCC_EXAMPLE = "91350100M000100Y43"
USCC_ALL_DIGITS = "913101181000000088"

PERSON = PartyFacts(
    name="张三",
    kind="natural_person",
    id_number=ID_SHANGHAI,
    phone="13800138000",
    address="上海市青浦区华新镇华志路123弄4号501室",
)
COMPANY = PartyFacts(
    name="上海华光餐饮管理有限公司",
    kind="legal_person",
    uscc=USCC_EXAMPLE,
    legal_representative="孙大伟",
    address="上海市青浦区公园路100号",
    phone="021-59701234",
)


def redact(
    text: str,
    parties: Sequence[PartyFacts] = (),
    *,
    keep: Sequence[str] = (),
    extra: Sequence[str] = (),
    policy: Policy | None = None,
) -> Redaction:
    return redact_text(text, parties, policy or Policy.defaults(), keep=keep, extra=extra)


def unmask(result: Redaction) -> str:
    """Put the original text back in place of every replacement of the masked text."""
    rebuilt = []
    cursor = 0
    shift = 0
    for mask in result.masks:
        masked_start = mask.start + shift
        rebuilt.append(result.masked[cursor:masked_start])
        rebuilt.append(result.original[mask.start : mask.end])
        cursor = masked_start + len(mask.replacement)
        shift += len(mask.replacement) - (mask.end - mask.start)
    rebuilt.append(result.masked[cursor:])
    return "".join(rebuilt)
