"""Seed the legal figures that are not yet confirmed, so the supervisor can correct them."""

from decimal import Decimal

from django.db import migrations

PARAMETERS = [
    {
        "key": "reviewer_ratio_min",
        "name": "法制审核人员最低配比",
        "value": Decimal("0.05"),
        "unit": "",
        "legal_source": "国办发〔2018〕118号：原则上不少于本单位执法人员总数的5%",
        "confirmed": False,
        "note": "以持有效执法证件人员为分母。原文未逐字核对，请区司法局确认。",
    },
    {
        "key": "training_hours_per_year",
        "name": "执法人员年度培训学时",
        "value": Decimal("60"),
        "unit": "学时",
        "legal_source": "待核实：本市行政执法人员培训的年度学时要求",
        "confirmed": False,
        "note": "未找到本市规定原文，请区司法局按现行规定修改。",
    },
    {
        "key": "credential_expiry_warning_days",
        "name": "执法证件到期提醒天数",
        "value": Decimal("60"),
        "unit": "天",
        "legal_source": "平台设置",
        "confirmed": True,
        "note": "",
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
    dependencies = [("core", "0002_seed_calendar_from_chinese_calendar")]
    operations = [migrations.RunPython(seed, unseed)]
