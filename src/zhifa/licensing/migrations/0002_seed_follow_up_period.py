"""Seed the follow-up period of a licence granted on the applicant's written commitment."""

from decimal import Decimal

from django.db import migrations

PARAMETER = {
    "key": "commitment_follow_up_days",
    "name": "告知承诺许可的核查期限",
    "value": Decimal("60"),
    "unit": "日",
    "legal_source": "《行政许可法》未规定；待核实：本市及各行业告知承诺制实施办法",
    "confirmed": False,
    "note": (
        "以告知承诺方式准予许可后，应在此期限内对申请人履行承诺的情况进行核查，"
        "自许可决定之日起按自然日计算，最后一日为休息日的顺延。60日为暂定值，"
        "请区司法局或各许可机关按所在行业的规定修改。"
    ),
}


def seed(apps, schema_editor):
    parameter = apps.get_model("core", "RuleParameter")
    parameter.objects.get_or_create(key=PARAMETER["key"], defaults=PARAMETER)


def unseed(apps, schema_editor):
    apps.get_model("core", "RuleParameter").objects.filter(key=PARAMETER["key"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("licensing", "0001_licence_register"),
        ("core", "0004_seed_case_rule_parameters"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
