"""Names of this app's audit actions, added to the audit log's labels when the app loads."""

AUDIT_LABELS: dict[str, str] = {
    "guiding_case_drafted": "编写指导案例",
    "guiding_case_updated": "修改指导案例",
    "guiding_case_released": "指导案例入库",
    "guiding_case_withdrawn": "指导案例撤出案例库",
    "guiding_case_published": "发布以案释法",
    "guiding_case_unpublished": "撤下以案释法",
    "rule_type_created": "新增执法制度类型",
    "rule_type_changed": "修改执法制度类型",
    "agency_rule_registered": "登记执法制度",
    "agency_rule_file_downloaded": "下载执法制度文件",
    "circular_issued": "发布通报",
    "circular_acknowledged": "签收通报",
}
