"""Names of this app's audit actions, added to the audit log's labels when the app loads."""

AUDIT_LABELS: dict[str, str] = {
    "retention_schedule_drafted": "编制保管期限表新版本",
    "retention_category_saved": "保存保管期限类目",
    "retention_category_deleted": "删除保管期限类目",
    "retention_schedule_submitted": "报送保管期限表",
    "retention_schedule_approved": "批准保管期限表",
    "retention_schedule_returned": "退回保管期限表",
    "legal_hold_placed": "设置档案冻结",
    "legal_hold_released": "解除档案冻结",
}
