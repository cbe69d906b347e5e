"""Names of this app's audit actions, added to the audit log's labels when the app loads."""

AUDIT_LABELS: dict[str, str] = {
    "monthly_report_created": "生成执法数据月报",
    "monthly_report_compiled": "重新汇总执法数据月报",
    "monthly_report_notes_saved": "填写执法数据月报说明",
    "monthly_report_checked": "核对执法数据月报",
    "monthly_report_filed": "报送执法数据月报",
    "monthly_report_accepted": "接收执法数据月报",
    "monthly_report_returned": "退回执法数据月报",
    "annual_report_compiled": "汇总年度执法数据",
    "annual_report_notes_saved": "填写年度执法数据说明",
    "annual_report_published": "审定发布年度执法数据",
}
