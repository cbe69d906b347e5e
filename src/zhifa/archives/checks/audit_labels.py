"""Names of this app's audit actions, added to the audit log's labels when the app loads."""

AUDIT_LABELS: dict[str, str] = {
    "archive_check_run": "进行四性检测",
}
