"""Names of this app's audit actions, added to the audit log's labels when the app loads."""

AUDIT_LABELS: dict[str, str] = {
    "appraisal_opened": "发起档案鉴定",
    "appraisal_updated": "修改档案鉴定",
    "appraisal_entries_added": "加入鉴定条目",
    "appraisal_entry_removed": "移出鉴定条目",
    "appraisal_verdict_recorded": "填写鉴定意见",
    "appraisal_submitted": "提交档案鉴定",
    "appraisal_approved": "批准档案鉴定",
    "appraisal_returned": "退回档案鉴定",
    "archive_retention_extended": "鉴定延长保管期限",
    "archive_destroyed": "销毁档案",
}
