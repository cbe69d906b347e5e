"""Seed the shortest legality or reasonableness finding an opinion may give."""

from decimal import Decimal

from django.db import migrations

ROW = {
    "key": "review_opinion_min_characters",
    "name": "法制审核意见最少字数",
    "value": Decimal("15"),
    "unit": "字",
    "legal_source": "国办发〔2018〕118号（审核机构应当出具书面审核意见）；字数为本平台暂定",
    "confirmed": False,
    "note": (
        "合法性、合理性审核意见各自至少应有的文字和数字个数（不计标点和空格）。"
        "只写“同意”、签名或过短的意见不予接受。15字为暂定值，请区司法局按本区规定调整。"
    ),
}


def seed(apps, schema_editor):
    RuleParameter = apps.get_model("core", "RuleParameter")
    RuleParameter.objects.get_or_create(key=ROW["key"], defaults=ROW)


def unseed(apps, schema_editor):
    apps.get_model("core", "RuleParameter").objects.filter(key=ROW["key"]).delete()


class Migration(migrations.Migration):
    dependencies = [("review", "0003_seed_lists")]
    operations = [migrations.RunPython(seed, unseed)]
