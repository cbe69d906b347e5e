"""Keep expired and repaired items as tombstones: the date and reason they stopped being public.

On SQLite, adding (or removing) a NOT NULL column rebuilds ``publicity_publisheditem``, and the
rebuild drops the triggers that keep the full-text table of migration 0002 in step. The
triggers are created again after the change in either direction, and the full-text table is
rebuilt from the snapshot. PostgreSQL adds the columns in place and needs neither.
"""

import importlib
from typing import Any

from django.db import migrations, models

SEARCH_INDEX = importlib.import_module("zhifa.publicity.migrations.0002_search_index")
TRIGGER_NAMES = ("publicity_search_ai", "publicity_search_ad", "publicity_search_au")


def restore_search_triggers(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in TRIGGER_NAMES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", None)
    # SQLITE_FORWARD creates the full-text table first and then the three triggers.
    for sql in SEARCH_INDEX.SQLITE_FORWARD[1:]:
        schema_editor.execute(sql, None)
    schema_editor.execute("INSERT INTO publicity_search(publicity_search) VALUES ('rebuild')", None)


class Migration(migrations.Migration):
    dependencies = [
        ("publicity", "0006_seed_period_rules"),
    ]

    operations = [
        # Runs only when migrating backwards, after the columns are removed.
        migrations.RunPython(migrations.RunPython.noop, restore_search_triggers),
        migrations.AddField(
            model_name="publisheditem",
            name="end_reason",
            field=models.CharField(
                blank=True,
                choices=[("expiry", "公示期满"), ("repair", "信用修复")],
                max_length=20,
                verbose_name="停止公示原因",
            ),
        ),
        migrations.AddField(
            model_name="publisheditem",
            name="ended_on",
            field=models.DateField(blank=True, null=True, verbose_name="停止公示日期"),
        ),
        migrations.RunPython(restore_search_triggers, migrations.RunPython.noop),
    ]
