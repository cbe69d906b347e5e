"""Full-text index over the public snapshot's search text, on SQLite and PostgreSQL.

SQLite: an FTS5 table with external content, kept in step by triggers. PostgreSQL: a GIN
index on the ``simple`` tsvector. Both see one token per character (``search_text``).
"""

from typing import Any

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE publicity_search USING fts5(
        search_text, content='publicity_publisheditem', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER publicity_search_ai AFTER INSERT ON publicity_publisheditem BEGIN
        INSERT INTO publicity_search(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER publicity_search_ad AFTER DELETE ON publicity_publisheditem BEGIN
        INSERT INTO publicity_search(publicity_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER publicity_search_au AFTER UPDATE OF search_text ON publicity_publisheditem
    BEGIN
        INSERT INTO publicity_search(publicity_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO publicity_search(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS publicity_search_au",
    "DROP TRIGGER IF EXISTS publicity_search_ad",
    "DROP TRIGGER IF EXISTS publicity_search_ai",
    "DROP TABLE IF EXISTS publicity_search",
]
POSTGRESQL_FORWARD = [
    """CREATE INDEX publicity_publisheditem_search ON publicity_publisheditem
    USING GIN (to_tsvector('simple'::regconfig, search_text))""",
]
POSTGRESQL_BACKWARD = ["DROP INDEX IF EXISTS publicity_publisheditem_search"]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, None)

    return run


class Migration(migrations.Migration):
    dependencies = [("publicity", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        )
    ]
