"""Full-text index over the public snapshot's search text, on SQLite and PostgreSQL.

SQLite: an FTS5 table with external content, kept in step by triggers. PostgreSQL: a stored
generated ``search_vector`` column (the ``simple`` tsvector of ``search_text``) with a GIN
index. Both see one token per character (``search_text``).

The PostgreSQL column is stored rather than an index on the expression because a phrase query
is rechecked row by row: with an expression index, PostgreSQL 15 parses ``search_text`` again
for every candidate row, which took 10 seconds for a one-character query over 100,000 rows in
benchmarks/bench_portal_search.py. The column is not a model field; Django never writes it.
The ``simple`` parser splits the space-separated characters only when the database's ctype
locale classifies CJK characters as letters, as C.UTF-8 and the other UTF-8 locales do.
NOTE: a tsvector keeps positions only up to 16383, so a phrase that starts after the 16,383rd
letter or digit of a very long text is not found on PostgreSQL; SQLite has no such limit.
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
    """ALTER TABLE publicity_publisheditem ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED""",
    """CREATE INDEX publicity_publisheditem_search ON publicity_publisheditem
    USING GIN (search_vector)""",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS publicity_publisheditem_search",
    "ALTER TABLE publicity_publisheditem DROP COLUMN IF EXISTS search_vector",
]


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
