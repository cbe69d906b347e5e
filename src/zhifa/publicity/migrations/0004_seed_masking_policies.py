"""Seed the district's masking defaults (agency None), one row per party kind and field.

The rows are a frozen copy of ``zhifa.publicity.redaction.defaults.DEFAULT_RULES`` as of this
migration; a test checks that the two agree. Sources that say 待核实 are inferred from
comparable rules (mainly the Zhejiang rule on publishing penalty results) and await the
client's confirmation. The supervisor edits the rows on the masking policy page.
"""

from typing import Any

from django.db import migrations

PERSON_NAME = "各地做法不一：有的公示全名，有的仅保留姓氏；本平台默认保留姓氏加“某某”（沪府令第36号对姓名的处理待核实）"
ORGANIZATION_NAME = (
    "双公示标准公示行政相对人名称；沪府令第36号公示单位名称、代码和法定代表人（待核实）"
)
ID_NUMBER = "隐去自然人身份证号（浙江省行政处罚结果信息网上公开暂行办法）；保留前6位和后4位为常见做法（待核实）"
OTHER_ID = "隐去自然人身份证件号码（浙江省行政处罚结果信息网上公开暂行办法）；其他证件无固定结构，全部隐去（待核实）"
PHONE = "隐去联系方式（浙江省行政处罚结果信息网上公开暂行办法）；单位电话也可能是个人手机，一并隐去（待核实）"
HOME_ADDRESS = "隐去自然人家庭住址（浙江省行政处罚结果信息网上公开暂行办法；沪府令第36号待核实）"
ORGANIZATION_ADDRESS = (
    "单位住所不属于个人信息，予以公示（参照浙江省行政处罚结果信息网上公开暂行办法，待核实）"
)
BUSINESS_ADDRESS = "个体工商户经营场所常为经营者住所，按自然人住址隐去（待核实）"
BANK = "隐去自然人及单位的银行账号（浙江省行政处罚结果信息网上公开暂行办法）"
PLATE = "隐去车辆号牌等财产凭证号码（参照浙江省做法，待核实）"
USCC = "双公示标准公示统一社会信用代码"
GUARDIAN = "自然人的监护人、代理人属于当事人以外的自然人，保留姓氏（参照浙江省做法，待核实）"
REPRESENTATIVE = "双公示标准公示法定代表人（负责人）姓名；沪府令第36号同（待核实）"
OFFICER = "执法人员姓名和执法证号属于事前公开内容（国办发〔2018〕118号，待核实）"
OTHER_PERSON = (
    "隐去被处罚当事人以外的自然人姓名（浙江省行政处罚结果信息网上公开暂行办法），保留姓氏"
)

DEFAULTS = [
    ("natural_person", "name", "surname", PERSON_NAME),
    ("legal_person", "name", "keep", ORGANIZATION_NAME),
    ("other_organization", "name", "keep", ORGANIZATION_NAME),
    ("individual_business", "name", "keep", ORGANIZATION_NAME),
    ("natural_person", "id_number", "partial", ID_NUMBER),
    ("legal_person", "id_number", "partial", ID_NUMBER),
    ("other_organization", "id_number", "partial", ID_NUMBER),
    ("individual_business", "id_number", "partial", ID_NUMBER),
    ("natural_person", "other_id_number", "full", OTHER_ID),
    ("legal_person", "other_id_number", "full", OTHER_ID),
    ("other_organization", "other_id_number", "full", OTHER_ID),
    ("individual_business", "other_id_number", "full", OTHER_ID),
    ("natural_person", "phone", "full", PHONE),
    ("legal_person", "phone", "full", PHONE),
    ("other_organization", "phone", "full", PHONE),
    ("individual_business", "phone", "full", PHONE),
    ("natural_person", "address", "full", HOME_ADDRESS),
    ("legal_person", "address", "keep", ORGANIZATION_ADDRESS),
    ("other_organization", "address", "keep", ORGANIZATION_ADDRESS),
    ("individual_business", "address", "full", BUSINESS_ADDRESS),
    ("natural_person", "bank_account", "full", BANK),
    ("legal_person", "bank_account", "full", BANK),
    ("other_organization", "bank_account", "full", BANK),
    ("individual_business", "bank_account", "full", BANK),
    ("natural_person", "plate", "full", PLATE),
    ("legal_person", "plate", "full", PLATE),
    ("other_organization", "plate", "full", PLATE),
    ("individual_business", "plate", "full", PLATE),
    ("natural_person", "uscc", "keep", USCC),
    ("legal_person", "uscc", "keep", USCC),
    ("other_organization", "uscc", "keep", USCC),
    ("individual_business", "uscc", "keep", USCC),
    ("natural_person", "legal_representative", "surname", GUARDIAN),
    ("legal_person", "legal_representative", "keep", REPRESENTATIVE),
    ("other_organization", "legal_representative", "keep", REPRESENTATIVE),
    ("individual_business", "legal_representative", "keep", REPRESENTATIVE),
    ("any", "officer_name", "keep", OFFICER),
    ("any", "credential_number", "keep", OFFICER),
    ("any", "other_person", "surname", OTHER_PERSON),
]


def seed(apps: Any, schema_editor: Any) -> None:
    masking_policy = apps.get_model("publicity", "MaskingPolicy")
    for party_kind, field, method, source in DEFAULTS:
        masking_policy.objects.update_or_create(
            agency=None,
            party_kind=party_kind,
            field=field,
            defaults={"method": method, "source": source},
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    masking_policy = apps.get_model("publicity", "MaskingPolicy")
    for party_kind, field, _, _ in DEFAULTS:
        masking_policy.objects.filter(agency=None, party_kind=party_kind, field=field).delete()


class Migration(migrations.Migration):
    dependencies = [("publicity", "0003_versions_append_only")]

    operations = [migrations.RunPython(seed, unseed)]
