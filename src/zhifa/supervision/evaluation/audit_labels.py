"""Names of this app's audit actions, added to the audit log's labels when the app loads."""

AUDIT_LABELS: dict[str, str] = {
    "evaluation_standard_created": "编制评查标准",
    "evaluation_standard_changed": "修改评查标准",
    "evaluation_standard_in_force": "施行评查标准",
    "evaluation_drawn": "抽取评查案卷",
    "evaluation_draw_verified": "核验评查抽取",
    "evaluation_started": "开始案卷评查",
    "evaluation_scored": "记录案卷评查扣分",
    "evaluation_finalised": "案卷评查定稿",
    "rectification_submitted": "报送评查整改情况",
    "rectification_confirmed": "确认评查整改情况",
    "rectification_returned": "退回评查整改情况",
    "assessment_scheme_changed": "修改考核方案权重",
    "assessment_computed": "计算年度考核",
    "assessment_finalised": "年度考核定稿",
}
