"""Seed the period within which a closed case's file is due to be archived (归档期限)."""

from decimal import Decimal

from django.db import migrations

PARAMETER = {
    "key": "archiving_due_days",
    "name": "案卷归档期限",
    "value": Decimal("30"),
    "unit": "日（自然日）",
    "legal_source": "无法律、法规规定统一期限，按本区档案工作惯例暂定，待核实",
    "confirmed": False,
    "note": "自结案日期的次日起算，逾期未归档的案卷向执法主体和档案管理员预警。"
    "请区档案局核实本区规定的期限后修改。",
}


def seed(apps, schema_editor):
    RuleParameter = apps.get_model("core", "RuleParameter")
    RuleParameter.objects.get_or_create(key=PARAMETER["key"], defaults=PARAMETER)


def unseed(apps, schema_editor):
    apps.get_model("core", "RuleParameter").objects.filter(key=PARAMETER["key"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archives", "0003_items_append_only"),
        ("core", "0004_seed_case_rule_parameters"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
