"""Make an AV record's note (说明) a fixed fact, refused by the database like the others.

0002 left ``note`` out of the columns that never change. This migration re-creates the AV
record guard with the same columns plus ``note``: on SQLite the UPDATE trigger is dropped and
created again, and on PostgreSQL the guard function is replaced. The DELETE and TRUNCATE
refusals stay as 0002 made them. Reversing re-installs the guard of 0002.
"""

import importlib
from typing import Any

from django.db import migrations

append_only_0002 = importlib.import_module("zhifa.evidence.migrations.0002_append_only")

FIXED = [*append_only_0002.FIXED, "note"]
SET_ONCE = append_only_0002.SET_ONCE


def _changed(vendor: str, fixed: list[str]) -> str:
    distinct = "IS NOT" if vendor == "sqlite" else "IS DISTINCT FROM"
    changes = [f"OLD.{col} {distinct} NEW.{col}" for col in fixed]
    once = [f"(OLD.{col} IS NOT NULL AND OLD.{col} {distinct} NEW.{col})" for col in SET_ONCE]
    return " OR ".join(changes + once)


def _statements(vendor: str, fixed: list[str]) -> list[str]:
    if vendor == "sqlite":
        return [
            "DROP TRIGGER IF EXISTS evidence_avrecord_fixed",
            f"""CREATE TRIGGER evidence_avrecord_fixed BEFORE UPDATE
            ON evidence_avrecord WHEN {_changed(vendor, fixed)}
            BEGIN SELECT RAISE(ABORT, 'AV record evidence_avrecord: recorded facts are fixed');
            END""",
        ]
    # CREATE OR REPLACE keeps the triggers of 0002 pointing at the new function body.
    return [
        f"""CREATE OR REPLACE FUNCTION evidence_avrecord_guard() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF current_setting('zhifa.allow_purge', true) = 'on' THEN RETURN OLD; END IF;
                RAISE EXCEPTION 'AV record evidence_avrecord: DELETE refused';
            END IF;
            IF {_changed(vendor, fixed)} THEN
                RAISE EXCEPTION 'AV record evidence_avrecord: recorded facts are fixed';
            END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql""",
    ]


def install_guard(apps: Any, schema_editor: Any) -> None:
    for sql in _statements(schema_editor.connection.vendor, FIXED):
        schema_editor.execute(sql, None)


def restore_0002_guard(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        # 0002 creates its trigger with IF NOT EXISTS, so the newer one must go first.
        schema_editor.execute("DROP TRIGGER IF EXISTS evidence_avrecord_fixed", None)
    append_only_0002.install_av_record_guard(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("evidence", "0004_access_parameters")]

    operations = [migrations.RunPython(install_guard, restore_0002_guard)]
