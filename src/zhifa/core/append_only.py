"""Database triggers that make a table append-only, on SQLite and PostgreSQL.

The ORM is not the only way to change rows, so tables that must never change (the audit log,
the ledger, stored records) refuse UPDATE and DELETE in the database itself. Migrations call
``install`` through ``RunPython``; the helper holds only SQL and imports no models.

Deleting whole rows has one maintenance door, closed by default: the PostgreSQL setting
``zhifa.allow_purge = on`` or, on SQLite, the ``zhifa_allow_purge()`` function that the
platform registers on its connections from ``settings.ZHIFA_ALLOW_PURGE``. Test teardown opens
it to empty the database between tests. UPDATE is refused always. Outside the platform the
SQLite function does not exist, so a DELETE from the sqlite3 shell fails too.
"""

from typing import Any


def _sqlite_statements(table: str) -> list[str]:
    return [
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, 'append-only table {table}: UPDATE refused'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
        WHEN zhifa_allow_purge() = 0
        BEGIN SELECT RAISE(ABORT, 'append-only table {table}: DELETE refused'); END""",
    ]


def _postgresql_statements(table: str) -> list[str]:
    return [
        """CREATE OR REPLACE FUNCTION zhifa_refuse_change() RETURNS trigger AS $$
        BEGIN
            IF TG_OP <> 'UPDATE' AND current_setting('zhifa.allow_purge', true) = 'on' THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION 'append-only table %: % refused', TG_TABLE_NAME, TG_OP;
        END $$ LANGUAGE plpgsql""",
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION zhifa_refuse_change()""",
        # TRUNCATE bypasses row triggers, so it needs its own statement-level trigger.
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION zhifa_refuse_change()""",
    ]


def statements(vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        return _sqlite_statements(table)
    if vendor == "postgresql":
        return _postgresql_statements(table)
    raise NotImplementedError(f"append-only triggers are not written for database {vendor!r}")


def install(table: str) -> Any:
    """Return a ``RunPython`` callable that installs the triggers on ``table``."""

    def forward(apps: Any, schema_editor: Any) -> None:
        for sql in statements(schema_editor.connection.vendor, table):
            # No parameters, so the % signs of PL/pgSQL messages are not read as placeholders.
            schema_editor.execute(sql, None)

    return forward
