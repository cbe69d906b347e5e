"""Seed the unconfirmed figures of the night and holiday ban on enforcement (行政强制法 Art. 43)."""

from decimal import Decimal

from django.db import migrations

SOURCE = "《中华人民共和国行政强制法》第四十三条；夜间的具体时段法律未作规定，待核实"

PARAMETERS = [
    {
        "key": "coercion_night_starts_hour",
        "name": "禁止实施行政强制执行的夜间开始时刻",
        "value": Decimal("22"),
        "unit": "时",
        "legal_source": SOURCE,
        "confirmed": False,
        "note": "暂按22时起算。请区司法局核实本市执行口径后修改。",
    },
    {
        "key": "coercion_night_ends_hour",
        "name": "禁止实施行政强制执行的夜间结束时刻",
        "value": Decimal("6"),
        "unit": "时",
        "legal_source": SOURCE,
        "confirmed": False,
        "note": "暂按次日6时结束。请区司法局核实本市执行口径后修改。",
    },
    {
        "key": "coercion_rest_days_barred",
        "name": "公休日（周六、周日）是否禁止实施行政强制执行",
        "value": Decimal("1"),
        "unit": "1是/0否",
        "legal_source": "《中华人民共和国行政强制法》第四十三条“法定节假日”；是否包括公休日待核实",
        "confirmed": False,
        "note": "1表示公休日与法定节假日同样禁止（情况紧急的除外），0表示只禁止法定节假日。"
        "调休上班日视为工作日。请区司法局核实后修改。",
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
        ("coercion", "0001_coercive_measures"),
        ("core", "0004_seed_case_rule_parameters"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
