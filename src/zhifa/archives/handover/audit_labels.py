"""Names of this app's audit actions, added to the audit log's labels when the app loads."""

AUDIT_LABELS: dict[str, str] = {
    "archive_handover_written": "生成档案移交数据包",
    "archive_handover_downloaded": "下载档案移交数据包",
    "archive_handover_receipt_recorded": "登记档案移交接收情况",
}
