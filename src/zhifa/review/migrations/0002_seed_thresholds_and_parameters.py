"""Seed the 较大数额 table and the review figures; the four hearing parameters move into the table.

None of the figures is confirmed against the text of the rules, so every row starts unconfirmed
and says what to check.
"""

import datetime
from decimal import Decimal

from django.db import migrations

LAW_IN_FORCE = datetime.date(2021, 7, 15)

SHANGHAI_SOURCE = "《中华人民共和国行政处罚法》第六十三条；待核实：《上海市行政处罚听证程序规定》"
SHANGHAI_NOTE = (
    "本市“较大数额”标准未核对原文，施行日期按行政处罚法2021年修订施行之日暂定。"
    "请区司法局向市司法局核实现行规定后修改。"
)
POLICE_SOURCE = "公安机关办理行政案件程序规定（较大数额罚款）；待核实：数额取自法律问答类网页"
POLICE_NOTE = "未核对规章原文，施行日期暂定。没收未单列数额，适用全市标准。"
MARKET_SOURCE = "《市场监督管理行政处罚听证办法》（2021年）；待核实"
MARKET_NOTE = "适用于依据法律、行政法规、部门规章处罚的案件；地方性法规、规章可另行规定。"


def _rows(domain, basis, measures, citizen, organization, source, note):
    for measure in measures:
        for party_class, amount in (("citizen", citizen), ("organization", organization)):
            yield {
                "domain_code": domain,
                "basis_level": basis,
                "party_class": party_class,
                "measure": measure,
                "amount": Decimal(amount),
                "effective_from": LAW_IN_FORCE,
                "legal_source": source,
                "confirmed": False,
                "note": note,
            }


THRESHOLDS = [
    *_rows(
        "",
        "",
        ("fine", "confiscation"),
        "5000",
        "50000",
        SHANGHAI_SOURCE,
        SHANGHAI_NOTE,
    ),
    *_rows("public-security", "", ("fine",), "2000", "10000", POLICE_SOURCE, POLICE_NOTE),
    *_rows(
        "market",
        "national",
        ("fine", "confiscation"),
        "10000",
        "100000",
        MARKET_SOURCE,
        MARKET_NOTE,
    ),
]

PARAMETERS = [
    {
        "key": "review_fine_mean_multiple",
        "name": "罚款明显超过以往平均数额的倍数",
        "value": Decimal("2"),
        "unit": "倍",
        "legal_source": "“明显超过以往平均罚款金额”的情形须法制审核；倍数为平台暂定",
        "confirmed": False,
        "note": "规定未量化“明显超过”。拟罚款超过以往平均罚款乘以此倍数时视为明显超过。",
    },
    {
        "key": "review_fine_min_history",
        "name": "比较平均罚款所需的最少以往案件数",
        "value": Decimal("5"),
        "unit": "件",
        "legal_source": "平台设置",
        "confirmed": True,
        "note": "本单位以往案件少于此数时按全区比较；全区仍少于此数时不作比较。",
    },
    {
        "key": "review_fine_history_years",
        "name": "比较平均罚款的年限",
        "value": Decimal("3"),
        "unit": "年",
        "legal_source": "平台设置",
        "confirmed": True,
        "note": "只比较拟决定日期前此年限内作出的处罚决定。",
    },
    {
        "key": "review_working_days",
        "name": "法制审核期限",
        "value": Decimal("5"),
        "unit": "工作日",
        "legal_source": "各单位法制审核工作程序；未规定的按此默认期限",
        "confirmed": False,
        "note": "自送审材料齐全之日起计算，首日不计。",
    },
    {
        "key": "review_extension_working_days",
        "name": "法制审核延长期限",
        "value": Decimal("5"),
        "unit": "工作日",
        "legal_source": "各单位法制审核工作程序；未规定的按此默认期限",
        "confirmed": False,
        "note": "经批准可延长一次。",
    },
]

# The hearing figures seeded by core 0004, now rows of the table above; kept to restore them.
OLD_HEARING_PARAMETERS = {
    "hearing_fine_threshold_natural_person": ("听证较大数额罚款（自然人）", "5000"),
    "hearing_fine_threshold_organization": ("听证较大数额罚款（法人或其他组织）", "50000"),
    "hearing_confiscation_threshold_natural_person": ("听证较大数额没收（自然人）", "5000"),
    "hearing_confiscation_threshold_organization": ("听证较大数额没收（法人或其他组织）", "50000"),
}


def seed(apps, schema_editor):
    HearingThreshold = apps.get_model("review", "HearingThreshold")
    RuleParameter = apps.get_model("core", "RuleParameter")
    for row in THRESHOLDS:
        HearingThreshold.objects.create(**row)
    for row in PARAMETERS:
        RuleParameter.objects.get_or_create(key=row["key"], defaults=row)
    RuleParameter.objects.filter(key__in=list(OLD_HEARING_PARAMETERS)).delete()


def unseed(apps, schema_editor):
    HearingThreshold = apps.get_model("review", "HearingThreshold")
    RuleParameter = apps.get_model("core", "RuleParameter")
    HearingThreshold.objects.filter(created_by__isnull=True).delete()
    RuleParameter.objects.filter(key__in=[row["key"] for row in PARAMETERS]).delete()
    for key, (name, value) in OLD_HEARING_PARAMETERS.items():
        RuleParameter.objects.get_or_create(
            key=key,
            defaults={
                "name": name,
                "value": Decimal(value),
                "unit": "元",
                "legal_source": SHANGHAI_SOURCE,
                "confirmed": False,
                "note": SHANGHAI_NOTE,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("core", "0004_seed_case_rule_parameters"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
