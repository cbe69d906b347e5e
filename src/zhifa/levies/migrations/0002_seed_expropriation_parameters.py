"""Seed the unconfirmed household count that sends an expropriation to the executive meeting."""

from decimal import Decimal

from django.db import migrations

KEY = "expropriation_executive_meeting_households"


def seed(apps, schema_editor):
    RuleParameter = apps.get_model("core", "RuleParameter")
    RuleParameter.objects.get_or_create(
        key=KEY,
        defaults={
            "name": "房屋征收须经常务会议讨论的被征收户数",
            "value": Decimal("100"),
            "unit": "户",
            "legal_source": (
                "《国有土地上房屋征收与补偿条例》第十二条第一款（房屋征收决定涉及被征收人数量较多的，"
                "应当经政府常务会议讨论决定）；具体户数待核实"
            ),
            "confirmed": False,
            "note": (
                "条例未规定“数量较多”的具体户数，本市或本区规定未核对原文。"
                "被征收户数达到此值的项目须经区政府常务会议讨论。数值为暂定值，请区司法局核实后修改。"
            ),
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("core", "RuleParameter").objects.filter(key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_seed_case_rule_parameters"),
        ("levies", "0001_expropriation_projects"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
