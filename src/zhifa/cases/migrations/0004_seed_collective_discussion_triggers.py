"""Seed the case flags that make collective discussion mandatory."""

from django.db import migrations

# 行政处罚法 Art. 57 para. 2: 对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定.
TRIGGERS = [
    {"flag": "complex", "legal_source": "《中华人民共和国行政处罚法》第五十七条第二款（情节复杂）"},
    {
        "flag": "serious",
        "legal_source": "《中华人民共和国行政处罚法》第五十七条第二款（重大违法行为）",
    },
]


def seed(apps, schema_editor):
    trigger_model = apps.get_model("cases", "CollectiveDiscussionTrigger")
    for row in TRIGGERS:
        trigger_model.objects.get_or_create(flag=row["flag"], defaults=row)


def unseed(apps, schema_editor):
    flags = [row["flag"] for row in TRIGGERS]
    apps.get_model("cases", "CollectiveDiscussionTrigger").objects.filter(flag__in=flags).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_case_flags_and_rule_tables")]
    operations = [migrations.RunPython(seed, unseed)]
