"""Names of this app's audit actions, added to the audit log's labels when the app loads."""

AUDIT_LABELS: dict[str, str] = {
    "complaint_received": "收到投诉举报",
    "complaint_updated": "12345工单更新投诉举报",
    "complaint_update_refused": "12345工单变更未应用于已办结的投诉举报",
    "complaint_routed": "分办投诉举报",
    "complaint_accepted": "受理投诉举报",
    "complaint_replied": "答复投诉举报",
    "complaint_not_accepted": "投诉举报不予受理",
    "complaint_transferred": "移送投诉举报",
    "complaint_batch_imported": "导入12345工单",
    "complaint_batch_rejected": "12345工单批次未通过校验",
}
