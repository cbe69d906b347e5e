"""Names of this app's audit actions, added to the audit log's labels when the app loads."""

AUDIT_LABELS: dict[str, str] = {
    "archive_use_requested": "申请利用档案",
    "archive_use_approved": "批准档案利用申请",
    "archive_use_refused": "不予批准档案利用申请",
    "archive_use_returned": "登记归还借阅档案",
}
