"""Appending entries for records that have none (``zhifa ledger sync``).

Rows written by ``bulk_create``, by raw SQL or before the ledger existed never passed through
the calls in ``entries``. Sync appends them kind by kind in primary-key order; running it
again appends nothing.
"""

import logging

from django.db import transaction

from zhifa.evidence.ledger import chain, entries, rows
from zhifa.evidence.models import AvRecord

logger = logging.getLogger(__name__)

BATCH = 500


def _append(kind: str, pk: str) -> None:
    source = rows.SOURCES[kind]
    if kind == "av_record_links":
        entries.av_record_links_changed(AvRecord.objects.get(pk=pk))
        return
    row = source.model._default_manager.get(pk=pk)
    chain.append(kind, entries.ref(kind, row.pk), source.payload(row))


def sync_ledger() -> dict[str, int]:
    """Append every record missing from the ledger; return how many were added per kind."""
    added: dict[str, int] = {}
    for kind in rows.SOURCES:
        missing = list(rows.missing_rows(kind, rows.ledgered_pks(kind)))
        for start in range(0, len(missing), BATCH):
            with transaction.atomic():
                for pk in missing[start : start + BATCH]:
                    _append(kind, pk)
        if missing:
            added[kind] = len(missing)
            logger.info("ledger sync appended %d entries of kind %s", len(missing), kind)
    return added
