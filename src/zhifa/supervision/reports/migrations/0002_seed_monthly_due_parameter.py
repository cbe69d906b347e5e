"""Seed the unconfirmed filing deadline of the monthly enforcement data report (月报)."""

from decimal import Decimal

from django.db import migrations

PARAMETERS = [
    {
        "key": "reports_monthly_due_working_days",
        "name": "执法数据月报报送期限（月末后工作日数）",
        "value": Decimal("5"),
        "unit": "个工作日",
        "legal_source": "区司法局工作要求（待核实）",
        "confirmed": False,
        "note": "各执法单位应在每月结束后的第几个工作日内报送上月执法数据。"
        "暂按5个工作日，请区司法局核实后修改。",
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
        ("reports", "0001_initial"),
        ("core", "0004_seed_case_rule_parameters"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
