"""Seed the unconfirmed figures of case procedure: hearing and collective-discussion thresholds."""

from decimal import Decimal

from django.db import migrations

HEARING_SOURCE = (
    "《中华人民共和国行政处罚法》第六十三条（较大数额罚款、没收较大数额违法所得或较大价值非法财物）；"
    "待核实：《上海市行政处罚听证程序规定》"
)
HEARING_NOTE = (
    "本市“较大数额”标准未核对原文，部门规章另有规定的从其规定。请区司法局核实现行规定后修改。"
)

PARAMETERS = [
    {
        "key": "hearing_fine_threshold_natural_person",
        "name": "听证较大数额罚款（自然人）",
        "value": Decimal("5000"),
        "unit": "元",
        "legal_source": HEARING_SOURCE,
        "confirmed": False,
        "note": HEARING_NOTE,
    },
    {
        "key": "hearing_fine_threshold_organization",
        "name": "听证较大数额罚款（法人或其他组织）",
        "value": Decimal("50000"),
        "unit": "元",
        "legal_source": HEARING_SOURCE,
        "confirmed": False,
        "note": HEARING_NOTE,
    },
    {
        "key": "hearing_confiscation_threshold_natural_person",
        "name": "听证较大数额没收（自然人）",
        "value": Decimal("5000"),
        "unit": "元",
        "legal_source": HEARING_SOURCE,
        "confirmed": False,
        "note": HEARING_NOTE + "没收违法所得与没收非法财物价值合并计算。",
    },
    {
        "key": "hearing_confiscation_threshold_organization",
        "name": "听证较大数额没收（法人或其他组织）",
        "value": Decimal("50000"),
        "unit": "元",
        "legal_source": HEARING_SOURCE,
        "confirmed": False,
        "note": HEARING_NOTE + "没收违法所得与没收非法财物价值合并计算。",
    },
    {
        "key": "collective_discussion_fine_threshold",
        "name": "须集体讨论的罚款数额",
        "value": Decimal("50000"),
        "unit": "元",
        "legal_source": "《中华人民共和国行政处罚法》第五十七条第二款；具体数额待各单位规定核实",
        "confirmed": False,
        "note": "拟罚款达到此数额的案件视为须集体讨论。数额为暂定值，请按本单位规定修改。",
    },
]


def seed(apps, schema_editor):
    RuleParameter = apps.get_model("core", "RuleParameter")
    for row in PARAMETERS:
        RuleParameter.objects.get_or_create(key=row["key"], defaults=row)


def unseed(apps, schema_editor):
    keys = [row["key"] for row in PARAMETERS]
    apps.get_model("core", "RuleParameter").objects.filter(key__in=keys).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_seed_rule_parameters")]
    operations = [migrations.RunPython(seed, unseed)]
