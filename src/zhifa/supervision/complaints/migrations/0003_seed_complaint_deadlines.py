"""Seed the working-day deadlines for handling complaints and reports (投诉举报)."""

from decimal import Decimal

from django.db import migrations

SOURCE = (
    "《上海市城市管理行政执法条例》：城管执法部门应在5个工作日内核实并答复举报人，"
    "不属于本部门职责的在3个工作日内移送；其他执法主体参照适用，待核实"
)

PARAMETERS = [
    {
        "key": "complaint_reply_working_days",
        "name": "投诉举报核实答复期限",
        "value": Decimal("5"),
        "unit": "个工作日",
        "legal_source": SOURCE,
        "confirmed": False,
        "note": "自办理单位收到（或区司法局分办、其他单位移送）的次日起算。"
        "该期限仅对城管执法有条例明文规定，其他执法主体适用的期限请区司法局核实后修改。",
    },
    {
        "key": "complaint_transfer_working_days",
        "name": "投诉举报不属本单位职责的移送期限",
        "value": Decimal("3"),
        "unit": "个工作日",
        "legal_source": SOURCE,
        "confirmed": False,
        "note": "自办理单位收到的次日起算。请区司法局核实其他执法主体适用的期限后修改。",
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
        ("complaints", "0002_complaint_event_append_only"),
        ("core", "0004_seed_case_rule_parameters"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
