"""Link a document to the case step it records, and let a final version be linked once.

The final-row trigger of migration 0008 refused every UPDATE of a final ``cases_document``
row. It is replaced by one that also accepts an UPDATE that only sets ``step_id`` from
empty, so a document finalised before its step existed can still be linked.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

SQLITE_DROP = "DROP TRIGGER IF EXISTS cases_document_final_no_update"
SQLITE_ORIGINAL = """CREATE TRIGGER IF NOT EXISTS cases_document_final_no_update
    BEFORE UPDATE ON cases_document
    WHEN OLD.status = 'final'
    BEGIN SELECT RAISE(ABORT, 'cases_document: a final version is read-only, UPDATE refused'); END"""
SQLITE_LINKABLE = """CREATE TRIGGER IF NOT EXISTS cases_document_final_no_update
    BEFORE UPDATE ON cases_document
    WHEN OLD.status = 'final' AND NOT (
        OLD.step_id IS NULL AND NEW.step_id IS NOT NULL AND {unchanged}
    )
    BEGIN SELECT RAISE(ABORT, 'cases_document: a final version is read-only, UPDATE refused'); END"""

POSTGRESQL_FUNCTION = """CREATE OR REPLACE FUNCTION zhifa_refuse_final_document_change()
    RETURNS trigger AS $$
    BEGIN
        IF OLD.status <> 'final' THEN
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END IF;
        IF TG_OP = 'DELETE' AND current_setting('zhifa.allow_purge', true) = 'on' THEN
            RETURN OLD;
        END IF;
        {linkable}
        RAISE EXCEPTION 'cases_document: a final version is read-only, % refused', TG_OP;
    END $$ LANGUAGE plpgsql"""
POSTGRESQL_LINKABLE = """IF TG_OP = 'UPDATE' AND OLD.step_id IS NULL AND NEW.step_id IS NOT NULL
            AND (to_jsonb(OLD) - 'step_id') = (to_jsonb(NEW) - 'step_id') THEN
            RETURN NEW;
        END IF;"""


def _sqlite_columns(schema_editor: Any) -> list[str]:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("PRAGMA table_info(cases_document)")
        return [row[1] for row in cursor.fetchall()]


def _install(schema_editor: Any, linkable: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP, None)
        if not linkable:
            schema_editor.execute(SQLITE_ORIGINAL, None)
            return
        # NOTE: SQLite cannot compare whole rows, so the columns are listed as they are now;
        # a column added by a later migration is not protected until this trigger is rebuilt.
        unchanged = " AND ".join(
            f'OLD."{name}" IS NEW."{name}"'
            for name in _sqlite_columns(schema_editor)
            if name != "step_id"
        )
        schema_editor.execute(SQLITE_LINKABLE.format(unchanged=unchanged), None)
    elif vendor == "postgresql":
        sql = POSTGRESQL_FUNCTION.format(linkable=POSTGRESQL_LINKABLE if linkable else "")
        schema_editor.execute(sql, None)
    else:
        raise NotImplementedError(f"document triggers are not written for database {vendor!r}")


def allow_linking_final(apps: Any, schema_editor: Any) -> None:
    _install(schema_editor, linkable=True)


def refuse_linking_final(apps: Any, schema_editor: Any) -> None:
    _install(schema_editor, linkable=False)


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_case_spot_check_assignment")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="step",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="documents",
                to="cases.casestep",
                verbose_name="记录的办案环节",
            ),
        ),
        migrations.RunPython(allow_linking_final, refuse_linking_final),
    ]
