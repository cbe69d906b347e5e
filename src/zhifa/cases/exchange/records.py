"""The records of a batch before validation, and the errors reported on them."""

from dataclasses import dataclass
from typing import Any

from zhifa.cases.exchange.vocabulary import field_label


@dataclass(frozen=True)
class RawRecord:
    """One record as read from a file or an API call; ``location`` is e.g. “第3行”."""

    location: str
    data: dict[str, Any]

    @property
    def source_id(self) -> str:
        value = self.data.get("source_id")
        return "" if value is None else str(value).strip()


@dataclass(frozen=True)
class RecordError:
    """One problem in one field of one record; an empty ``field`` means the whole record."""

    location: str
    source_id: str
    field: str
    message: str

    def __str__(self) -> str:
        where = self.location
        if self.source_id:
            where += f"（来源编号 {self.source_id}）"
        if self.field:
            where += f"「{field_label(self.field)}」"
        return f"{where}：{self.message}"

    def as_dict(self) -> dict[str, str]:
        return {
            "location": self.location,
            "source_id": self.source_id,
            "field": self.field,
            "message": self.message,
            "text": str(self),
        }


class BatchUnreadable(Exception):
    """The file as a whole cannot be read (wrong format, no header, no records)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
