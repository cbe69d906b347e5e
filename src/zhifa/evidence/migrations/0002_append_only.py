"""Make the evidence tables refuse changes in the database itself.

The ledger, tree heads, stored content, access log, interruptions and exemptions are fully
append-only. An AV record refuses DELETE and any UPDATE that changes what was recorded; only
its case, party and step may be set (once, from empty), its session set, and its sensitivity
marking changed.
"""

from typing import Any

from django.db import migrations

from zhifa.core import append_only

APPEND_ONLY = [
    "evidence_ledgerentry",
    "evidence_treehead",
    "evidence_storedcontent",
    "evidence_accesslog",
    "evidence_interruption",
    "evidence_sceneexemption",
]

# Columns of an AV record that never change once stored.
FIXED = [
    "agency_id",
    "scene_id",
    "device_id",
    "media_kind",
    "content_id",
    "filename",
    "mime_type",
    "size",
    "duration_seconds",
    "started_at",
    "ended_at",
    "time_source",
    "place",
    "party_informed",
    "recorder_kind",
    "third_party_name",
    "uploaded_by_id",
    "created_at",
]
SET_ONCE = ["case_id", "party_id", "step_id"]


def _changed(vendor: str) -> str:
    distinct = "IS NOT" if vendor == "sqlite" else "IS DISTINCT FROM"
    fixed = [f"OLD.{col} {distinct} NEW.{col}" for col in FIXED]
    once = [f"(OLD.{col} IS NOT NULL AND OLD.{col} {distinct} NEW.{col})" for col in SET_ONCE]
    return " OR ".join(fixed + once)


def _av_record_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"""CREATE TRIGGER IF NOT EXISTS evidence_avrecord_fixed BEFORE UPDATE
            ON evidence_avrecord WHEN {_changed(vendor)}
            BEGIN SELECT RAISE(ABORT, 'AV record evidence_avrecord: recorded facts are fixed');
            END""",
            """CREATE TRIGGER IF NOT EXISTS evidence_avrecord_no_delete BEFORE DELETE
            ON evidence_avrecord WHEN zhifa_allow_purge() = 0
            BEGIN SELECT RAISE(ABORT, 'AV record evidence_avrecord: DELETE refused'); END""",
        ]
    return [
        f"""CREATE OR REPLACE FUNCTION evidence_avrecord_guard() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF current_setting('zhifa.allow_purge', true) = 'on' THEN RETURN OLD; END IF;
                RAISE EXCEPTION 'AV record evidence_avrecord: DELETE refused';
            END IF;
            IF {_changed(vendor)} THEN
                RAISE EXCEPTION 'AV record evidence_avrecord: recorded facts are fixed';
            END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql""",
        "DROP TRIGGER IF EXISTS evidence_avrecord_guard ON evidence_avrecord",
        """CREATE TRIGGER evidence_avrecord_guard BEFORE UPDATE OR DELETE ON evidence_avrecord
        FOR EACH ROW EXECUTE FUNCTION evidence_avrecord_guard()""",
        "DROP TRIGGER IF EXISTS evidence_avrecord_no_truncate ON evidence_avrecord",
        """CREATE TRIGGER evidence_avrecord_no_truncate BEFORE TRUNCATE ON evidence_avrecord
        FOR EACH STATEMENT EXECUTE FUNCTION zhifa_refuse_change()""",
    ]


def install_av_record_guard(apps: Any, schema_editor: Any) -> None:
    for sql in _av_record_statements(schema_editor.connection.vendor):
        schema_editor.execute(sql, None)


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial")]

    operations = [
        *(
            migrations.RunPython(append_only.install(table), migrations.RunPython.noop)
            for table in APPEND_ONLY
        ),
        migrations.RunPython(install_av_record_guard, migrations.RunPython.noop),
    ]
