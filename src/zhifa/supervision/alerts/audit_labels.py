"""Names of this app's audit actions, added to the audit log's labels when the app loads."""

AUDIT_LABELS: dict[str, str] = {
    "alert_sweep_run": "运行每日预警检查",
    "alerts_refreshed": "刷新预警",
    "alerts_marked_read": "标记预警已读",
}
