"""A failed test found by a property check, before the run stores it as a ``CheckFailure``."""

from dataclasses import dataclass

from zhifa.archives.checks.models import Property


@dataclass(frozen=True)
class Finding:
    """One failure: the property, a short test code, the item's id (if any) and the message."""

    property: Property
    test: str
    message: str
    item_id: int | None = None


def file_label(file_name: str, sequence: int | None = None) -> str:
    """Name a file in a message: 文件“name”, with its item number (件号) once it has one."""
    if sequence is None:
        return f"文件“{file_name}”"
    return f"文件“{file_name}”（件号 {sequence}）"
