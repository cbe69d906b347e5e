"""Integrity (完整性): metadata fields, continuous numbering and the required items."""

from zhifa.archives.casefiles.models import CaseFile, CaseFileItem
from zhifa.archives.checks.findings import Finding, file_label
from zhifa.archives.checks.models import Property
from zhifa.archives.checks.required_items import required_for


def check_metadata(case_file: CaseFile) -> list[Finding]:
    """Check the required descriptive fields (著录项) for a missing or empty value."""
    fields = {
        "立档单位": case_file.agency_id,
        "档号": case_file.archive_code,
        "案卷题名": case_file.title,
        "案件编号": case_file.case.number,
        "结案日期": case_file.closed_on,
        "归档时间": case_file.archived_at,
        # An empty period means permanent (永久), which is then named in the basis.
        "保管期限": case_file.retention_months or case_file.retention_basis,
        "卷内文件件数": case_file.item_count,
    }
    return [
        Finding(Property.INTEGRITY, "metadata", f"著录项“{label}”缺失或为空。")
        for label, value in fields.items()
        if value in (None, "", 0)
    ]


def check_numbering(items: list[CaseFileItem]) -> list[Finding]:
    """Check that the item numbers (件号) run 1, 2, … n with no gap, additions included."""
    numbers = [item.sequence for item in items]
    expected = list(range(1, len(numbers) + 1))
    if numbers == expected:
        return []
    missing = sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers))
    missing_text = "、".join(str(number) for number in missing[:20]) or "无"
    message = f"卷内文件件号不连续：应为 1 至 {len(numbers)}，缺少件号 {missing_text}。"
    return [Finding(Property.INTEGRITY, "numbering", message)]


def check_required_items(case_kind: str, items: list[CaseFileItem]) -> list[Finding]:
    return [
        Finding(Property.INTEGRITY, "required_item", f"缺少必备的卷内文件“{rule.label}”。")
        for rule in required_for(case_kind)
        if not any(rule.matches(item) for item in items)
    ]


def missing_content(item: CaseFileItem, error: OSError) -> Finding:
    reason = "存储中找不到该文件" if isinstance(error, FileNotFoundError) else "文件无法读取"
    message = f"{file_label(item.file_name, item.sequence)}：{reason}。"
    return Finding(Property.INTEGRITY, "missing_item", message, item.pk)
