"""Names of this app's audit actions, added to the audit log's labels when the app loads."""

AUDIT_LABELS: dict[str, str] = {
    "case_file_archived": "案卷归档",
    "case_file_addition_archived": "案卷补充归档",
}
