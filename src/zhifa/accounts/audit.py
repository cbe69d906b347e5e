"""Writing the audit log (安全审计日志).

Every action function calls ``record`` inside its own transaction, so an entry exists exactly
when the change it describes was committed.
"""

import logging
from typing import Any

from django.db import models
from django.http import HttpRequest

from zhifa.accounts.models import AuditEntry, User
from zhifa.accounts.roles import ADMINISTRATOR_ROLES
from zhifa.core.client_address import client_ip

logger = logging.getLogger(__name__)

# Human-readable names of the action codes, for the audit administrator's page.
ACTION_LABELS = {
    "login": "登录",
    "logout": "退出",
    "login_failed": "登录失败",
    "login_locked": "账号锁定",
    "roles_granted": "分配角色",
    "user_created": "创建用户",
    "user_deactivated": "停用用户",
    "user_reactivated": "重新启用用户",
    "user_unlocked": "解除账号锁定",
    "password_changed": "修改密码",
    "password_reset": "重置密码",
    "calendar_day_set": "修改工作日历",
    "calendar_day_removed": "删除工作日历调整",
    "calendar_imported": "导入节假日安排",
    "agency_updated": "修改执法主体",
    "review_body_set": "指定法制审核机构",
    "power_items_imported": "导入权责清单",
    "power_item_changed": "变更权责事项",
    "power_item_created": "新增权责事项",
    "power_item_withdrawn": "废止权责事项",
    "officer_created": "录入执法人员",
    "officer_updated": "修改执法人员",
    "credential_event": "办理执法证件",
    "training_recorded": "登记培训学时",
    "reviewer_assigned": "配备法制审核人员",
    "reviewer_ended": "法制审核人员离岗",
    "rule_parameter_changed": "修改规则参数",
    "api_token_issued": "签发接口令牌",
    "api_token_revoked": "作废接口令牌",
    "spot_check_list_created": "新建随机抽查对象名录",
    "spot_check_entity_added": "录入随机抽查对象",
    "spot_check_entity_withdrawn": "移出随机抽查对象",
    "spot_check_drawn": "双随机抽取",
    "spot_check_cases_opened": "为双随机抽查对象立案",
    "exchange_source_created": "登记数据交换来源",
    "exchange_batch_imported": "导入外部系统案件",
    "exchange_batch_rejected": "外部系统案件批次未通过校验",
    "case_opened": "立案（启动案件）",
    "party_registered": "登记当事人",
    "case_step_recorded": "记录办案环节",
    "case_step_corrected": "更正办案环节记录",
    "evidence_preserved": "证据先行登记保存",
    "preservation_decided": "先行登记保存证据处理决定",
    "deadline_extended": "延长办案期限",
    "prior_notice_given": "行政处罚事先告知",
    "statement_recorded": "记录陈述申辩",
    "statement_reviewed": "陈述申辩复核",
    "hearing_requested": "听证申请",
    "hearing_scheduled": "听证通知",
    "hearing_recorded": "听证笔录",
    "collective_discussion_recorded": "集体讨论",
    "decision_issued": "作出行政处罚决定",
    "case_concluded_without_penalty": "作出不予行政处罚决定或移送司法机关",
    "document_step_linked": "关联文书与办案环节",
    "document_served": "送达文书",
    "payment_recorded": "登记缴纳罚款",
    "deferral_granted": "批准暂缓或分期缴纳罚款",
    "additional_fine_recorded": "计算加处罚款",
    "enforcement_demand_served": "催告",
    "court_enforcement_applied": "申请人民法院强制执行",
    "case_closed": "结案",
    "document_drafted": "制作文书草稿",
    "document_draft_updated": "修改文书草稿",
    "document_finalised": "文书定稿",
    "document_corrected": "更正文书",
    "document_original_attached": "上传文书原件扫描件",
    "document_template_uploaded": "上传文书模板",
    "document_template_downloaded": "下载文书模板",
    "document_file_downloaded": "下载文书文件",
    "number_pattern_set": "修改案号文号格式",
    "evidence_access_requested": "提出调阅申请",
    "evidence_access_approved": "批准调阅申请",
    "evidence_access_refused": "不予批准调阅申请",
    "evidence_access_log_exported": "导出调阅日志",
    "major_flag_set": "标记重大执法决定情形",
    "major_flag_cleared": "撤销重大执法决定情形",
    "hearing_threshold_created": "新增听证较大数额标准",
    "hearing_threshold_updated": "修改听证较大数额标准",
    "review_catalog_created": "编制法制审核目录清单",
    "review_catalog_updated": "修改法制审核目录清单",
    "review_catalog_filed": "报送法制审核目录清单备案",
    "review_catalog_accepted": "法制审核目录清单备案通过",
    "review_catalog_returned": "退回法制审核目录清单",
    "review_procedure_recorded": "登记法制审核工作程序",
    "review_list_changed": "修改送审材料或审核要点",
    "review_submitted": "提交法制审核",
    "review_resubmitted": "修改后重新送审",
    "review_withdrawn": "撤回法制审核送审",
    "review_extended": "延长法制审核期限",
    "review_opinion_issued": "出具法制审核意见",
    "review_objected": "对法制审核意见提出异议",
    "review_objection_decided": "领导决定法制审核异议",
    "av_record_uploaded": "上传音像记录",
}


def record(
    action: str,
    *,
    actor: User | None,
    target: models.Model | None = None,
    agency_id: int | None = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEntry:
    """Append one audit entry; the caller's transaction makes it commit with the change."""
    roles = set(actor.roles) if actor is not None else set()
    entry = AuditEntry.objects.create(
        actor=actor,
        actor_username=actor.username if actor is not None else username,
        actor_roles=",".join(sorted(roles)),
        is_administrator_action=bool(roles & ADMINISTRATOR_ROLES),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        agency_id=agency_id,
        ip_address=client_ip(request),
        detail=detail or {},
    )
    logger.info("audit %s by %s", action, entry.actor_username, extra={"audit_id": entry.pk})
    return entry
