"""Usability (可用性): the format is on the accepted list and the file opens."""

from pathlib import Path

from zhifa.archives.checks import formats, opening
from zhifa.archives.checks.findings import Finding
from zhifa.archives.checks.models import Property


def check_file(
    label: str, file_format: str, path: Path, item_id: int | None = None
) -> list[Finding]:
    """Check that the file at ``path``, declared as ``file_format``, is usable as an archive.

    ``label`` names the file as ``findings.file_label`` does.
    """
    refused = formats.refusal(file_format)
    if refused:
        return [Finding(Property.USABILITY, "format", f"{label}：{refused}。", item_id)]

    rule = formats.ACCEPTED_FORMATS[formats.canonical(file_format)]
    problem = opening.OPENERS[rule.opener](path)
    if problem:
        return [Finding(Property.USABILITY, "open", f"{label}：{problem}。", item_id)]
    return []
