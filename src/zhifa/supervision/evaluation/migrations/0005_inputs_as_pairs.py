"""Store each indicator's inputs as [name, value] pairs, whose order jsonb keeps."""

from typing import Any

from django.db import migrations


def to_pairs(apps: Any, schema_editor: Any) -> None:
    result_model = apps.get_model("evaluation", "AssessmentResult")
    for result in result_model.objects.all():
        changed = False
        for value in result.values:
            if isinstance(value.get("inputs"), dict):
                value["inputs"] = [[key, number] for key, number in value["inputs"].items()]
                changed = True
        if changed:
            result.save(update_fields=["values"])


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0004_seed_default_scheme")]

    operations = [migrations.RunPython(to_pairs, migrations.RunPython.noop)]
