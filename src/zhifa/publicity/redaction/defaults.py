"""The district's masking defaults: one method for each (party kind, field), with its source.

This module imports no models, so the engine and its tests run without a database. Migration
0004 seeds a frozen copy of ``DEFAULT_RULES`` as the district rows (agency None), and a test
checks that the two agree. Sources marked 待核实 are inferred from comparable rules and must be
confirmed with the client's legal office before they count as Shanghai practice.
"""

from dataclasses import dataclass

# Party kinds as in ``zhifa.cases.models.party.PartyKind``, plus ``any`` for the fields that
# do not depend on the party: officers, their credentials and third persons such as witnesses.
NATURAL_PERSON = "natural_person"
LEGAL_PERSON = "legal_person"
OTHER_ORGANIZATION = "other_organization"
INDIVIDUAL_BUSINESS = "individual_business"
ANY_PARTY = "any"

PARTY_KIND_LABELS = {
    NATURAL_PERSON: "自然人",
    LEGAL_PERSON: "法人",
    OTHER_ORGANIZATION: "非法人组织",
    INDIVIDUAL_BUSINESS: "个体工商户",
    ANY_PARTY: "不区分当事人类型",
}
PARTY_KINDS = (NATURAL_PERSON, LEGAL_PERSON, OTHER_ORGANIZATION, INDIVIDUAL_BUSINESS)

# Methods as in ``zhifa.publicity.models.policies.MaskingMethod``.
KEEP = "keep"
SURNAME = "surname"
PARTIAL = "partial"
FULL = "full"
REMOVE = "remove"
METHODS = (KEEP, SURNAME, PARTIAL, FULL, REMOVE)

FIELD_LABELS = {
    "name": "姓名或名称",
    "id_number": "身份证号",
    "other_id_number": "其他证件号码",
    "phone": "联系电话",
    "email": "电子邮箱",
    "address": "住址或住所",
    "bank_account": "银行账号",
    "plate": "车牌号",
    "uscc": "统一社会信用代码",
    "legal_representative": "法定代表人或负责人",
    "officer_name": "执法人员姓名",
    "credential_number": "执法证号",
    "other_person": "其他自然人姓名（证人等）",
}
# Fields whose values are person names, so that the "surname" method applies to them.
NAME_FIELDS = frozenset({"name", "legal_representative", "officer_name", "other_person"})
# Fields set once for every party kind, under ``ANY_PARTY``.
PARTY_INDEPENDENT_FIELDS = ("officer_name", "credential_number", "other_person")


@dataclass(frozen=True)
class DefaultRule:
    """One district default: how ``field`` of a party of ``party_kind`` is published."""

    party_kind: str
    field: str
    method: str
    source: str


# Sources, as stored in ``MaskingPolicy.source``.
_PERSON_NAME = (
    "各地做法不一：有的公示全名，有的仅保留姓氏；本平台默认保留姓氏加“某某”"
    "（沪府令第36号对姓名的处理待核实）"
)
_ORGANIZATION_NAME = (
    "双公示标准公示行政相对人名称；沪府令第36号公示单位名称、代码和法定代表人（待核实）"
)
# Keeping the first 6 and last 4 digits hides the birth date, which is the part that
# identifies the person. It is the common practice, and the platform already shows officers'
# numbers in this form. An agency can override it to hide the whole number.
_ID_NUMBER = (
    "隐去自然人身份证号（浙江省行政处罚结果信息网上公开暂行办法）；"
    "保留前6位和后4位为常见做法（待核实）"
)
_OTHER_ID = (
    "隐去自然人身份证件号码（浙江省行政处罚结果信息网上公开暂行办法）；"
    "其他证件无固定结构，全部隐去（待核实）"
)
_PHONE = (
    "隐去联系方式（浙江省行政处罚结果信息网上公开暂行办法）；"
    "单位电话也可能是个人手机，一并隐去（待核实）"
)
_HOME_ADDRESS = "隐去自然人家庭住址（浙江省行政处罚结果信息网上公开暂行办法；沪府令第36号待核实）"
# The Zhejiang rule lists the home address of natural persons only; an organisation's
# registered address (住所) is not private data of a person.
_ORGANIZATION_ADDRESS = (
    "单位住所不属于个人信息，予以公示（参照浙江省行政处罚结果信息网上公开暂行办法，待核实）"
)
_BUSINESS_ADDRESS = "个体工商户经营场所常为经营者住所，按自然人住址隐去（待核实）"
_BANK = "隐去自然人及单位的银行账号（浙江省行政处罚结果信息网上公开暂行办法）"
_PLATE = "隐去车辆号牌等财产凭证号码（参照浙江省做法，待核实）"
_USCC = "双公示标准公示统一社会信用代码"
_REPRESENTATIVE = "双公示标准公示法定代表人（负责人）姓名；沪府令第36号同（待核实）"
_GUARDIAN = "自然人的监护人、代理人属于当事人以外的自然人，保留姓氏（参照浙江省做法，待核实）"
_OFFICER = "执法人员姓名和执法证号属于事前公开内容（国办发〔2018〕118号，待核实）"
_OTHER_PERSON = (
    "隐去被处罚当事人以外的自然人姓名（浙江省行政处罚结果信息网上公开暂行办法），保留姓氏"
)


def _per_kind(
    field: str, person: str, organization: str, business: str, sources: tuple[str, str, str]
) -> tuple[DefaultRule, ...]:
    """Build the rules of one field for the four party kinds.

    ``sources`` gives the source for the natural person, the two organisation kinds and the
    individual business, in that order.
    """
    person_source, organization_source, business_source = sources
    return (
        DefaultRule(NATURAL_PERSON, field, person, person_source),
        DefaultRule(LEGAL_PERSON, field, organization, organization_source),
        DefaultRule(OTHER_ORGANIZATION, field, organization, organization_source),
        DefaultRule(INDIVIDUAL_BUSINESS, field, business, business_source),
    )


def _same(field: str, method: str, source: str) -> tuple[DefaultRule, ...]:
    return _per_kind(field, method, method, method, (source, source, source))


DEFAULT_RULES: tuple[DefaultRule, ...] = (
    *_per_kind("name", SURNAME, KEEP, KEEP, (_PERSON_NAME, _ORGANIZATION_NAME, _ORGANIZATION_NAME)),
    *_same("id_number", PARTIAL, _ID_NUMBER),
    *_same("other_id_number", FULL, _OTHER_ID),
    *_same("phone", FULL, _PHONE),
    *_per_kind(
        "address", FULL, KEEP, FULL, (_HOME_ADDRESS, _ORGANIZATION_ADDRESS, _BUSINESS_ADDRESS)
    ),
    *_same("bank_account", FULL, _BANK),
    *_same("plate", FULL, _PLATE),
    *_same("uscc", KEEP, _USCC),
    *_per_kind(
        "legal_representative", SURNAME, KEEP, KEEP, (_GUARDIAN, _REPRESENTATIVE, _REPRESENTATIVE)
    ),
    DefaultRule(ANY_PARTY, "officer_name", KEEP, _OFFICER),
    DefaultRule(ANY_PARTY, "credential_number", KEEP, _OFFICER),
    DefaultRule(ANY_PARTY, "other_person", SURNAME, _OTHER_PERSON),
)
