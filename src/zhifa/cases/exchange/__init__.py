"""Exchange with other case systems (数据交换): importing their cases as read-only copies.

The record format is described in Chinese in ``docs/exchange.md``.
"""

from zhifa.cases.exchange.importer import (
    ImportReport,
    create_exchange_source,
    import_file,
    import_records,
)
from zhifa.cases.exchange.records import RecordError

__all__ = [
    "ImportReport",
    "RecordError",
    "create_exchange_source",
    "import_file",
    "import_records",
]
