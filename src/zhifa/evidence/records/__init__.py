"""Actions on stored AV records: links to a case, sensitivity marking, interruptions, exemptions.

Every action takes the acting user first, checks the capability, loads within the user's scope,
and writes the change, its audit entry and its ledger entry in one transaction.
"""

from zhifa.accounts.audit import ACTION_LABELS

# Names of this package's audit actions for the audit administrator's page.
AUDIT_LABELS = {
    "av_record_linked": "关联音像记录与案件",
    "av_record_marked": "修改音像记录内容标记",
    "interruption_explained": "填写音像记录中断说明",
    "scene_exemption_recorded": "记录免予音像记录的理由",
    "scene_type_created": "新增音像记录场景",
    "scene_type_changed": "修改音像记录场景",
    "recording_rules_added": "发布音像记录制度",
    "recording_device_registered": "登记执法记录仪",
    "recording_device_assigned": "配发执法记录仪",
    "recording_device_returned": "收回执法记录仪",
    "recording_device_status_changed": "修改执法记录仪状态",
    "equipment_report_exported": "导出执法记录仪年度装备情况",
}


def register_audit_labels() -> None:
    for action, label in AUDIT_LABELS.items():
        ACTION_LABELS.setdefault(action, label)
