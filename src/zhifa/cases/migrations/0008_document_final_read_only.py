"""Database triggers that freeze final document versions and make scanned originals append-only.

A ``cases_document`` row may change while it is a draft (finalising is the last UPDATE of the
row); once its status is ``final`` the database refuses UPDATE and DELETE. As for the other
append-only tables, DELETE is allowed only through the maintenance door that test teardown
opens (``zhifa.allow_purge`` on PostgreSQL, ``zhifa_allow_purge()`` on SQLite).
"""

from typing import Any

from django.db import migrations

from zhifa.core import append_only

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS cases_document_final_no_update BEFORE UPDATE ON cases_document
    WHEN OLD.status = 'final'
    BEGIN SELECT RAISE(ABORT, 'cases_document: a final version is read-only, UPDATE refused'); END""",
    """CREATE TRIGGER IF NOT EXISTS cases_document_final_no_delete BEFORE DELETE ON cases_document
    WHEN OLD.status = 'final' AND zhifa_allow_purge() = 0
    BEGIN SELECT RAISE(ABORT, 'cases_document: a final version is read-only, DELETE refused'); END""",
]

POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION zhifa_refuse_final_document_change() RETURNS trigger AS $$
    BEGIN
        IF OLD.status <> 'final' THEN
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END IF;
        IF TG_OP = 'DELETE' AND current_setting('zhifa.allow_purge', true) = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'cases_document: a final version is read-only, % refused', TG_OP;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS cases_document_final_read_only ON cases_document",
    """CREATE TRIGGER cases_document_final_read_only BEFORE UPDATE OR DELETE ON cases_document
    FOR EACH ROW EXECUTE FUNCTION zhifa_refuse_final_document_change()""",
]


def install_document_triggers(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = SQLITE
    elif vendor == "postgresql":
        statements = POSTGRESQL
    else:
        raise NotImplementedError(f"document triggers are not written for database {vendor!r}")
    for sql in statements:
        # No parameters, so the % sign of the PL/pgSQL message is not read as a placeholder.
        schema_editor.execute(sql, None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_spot_check_draws_append_only")]
    operations = [
        migrations.RunPython(install_document_triggers, migrations.RunPython.noop),
        migrations.RunPython(
            append_only.install("cases_documentoriginal"), migrations.RunPython.noop
        ),
    ]
