"""Seed the rule parameter that caps how long an approved access request stays valid."""

from decimal import Decimal

from django.db import migrations

PARAMETERS = [
    {
        "key": "evidence_access_max_hours",
        "name": "调阅申请最长有效时长",
        "value": Decimal("72"),
        "unit": "小时",
        "legal_source": "待核实：本区音像记录调阅管理规定",
        "confirmed": False,
        "note": (
            "审批人批准调阅含商业秘密或个人隐私的音像记录时，有效时长不得超过此数值。"
            "72小时为暂定值，请区司法局按本区规定核实后修改。"
        ),
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
    dependencies = [
        ("core", "0004_seed_case_rule_parameters"),
        ("evidence", "0003_seed_scene_types"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
