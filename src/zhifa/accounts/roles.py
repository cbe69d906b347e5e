"""Roles (as Django groups) and what each may do.

The three administrators (三员) hold disjoint capabilities: the system administrator runs the
platform and its settings, the security administrator grants roles, and the audit
administrator only reads the audit log.
"""

from django.db import models


class Role(models.TextChoices):
    OFFICER = "officer", "执法人员"
    DEPARTMENT_HEAD = "department_head", "经办部门负责人"
    PUBLICATION_APPROVER = "publication_approver", "发布审核人员"
    REVIEWER = "reviewer", "法制审核人员"
    JUDICIAL_OFFICE_REVIEWER = "judicial_office_reviewer", "司法所审核人员"
    AGENCY_HEAD = "agency_head", "执法单位负责人"
    SUPERVISOR = "supervisor", "区司法局监督人员"
    ARCHIVIST = "archivist", "档案管理员"
    ARCHIVES_BUREAU = "archives_bureau", "区档案局"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "安全审计员"


ADMINISTRATOR_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})

# Roles whose scope is every agency of the district.
DISTRICT_WIDE_ROLES = frozenset(
    {
        Role.SUPERVISOR,
        Role.ARCHIVES_BUREAU,
        Role.SYSTEM_ADMIN,
        Role.SECURITY_ADMIN,
        Role.AUDIT_ADMIN,
    }
)


class Capability(models.TextChoices):
    VIEW_BACKOFFICE = "view_backoffice", "进入工作台"
    MANAGE_AGENCY = "manage_agency", "维护执法主体信息"
    MANAGE_CALENDAR = "manage_calendar", "维护工作日历"
    MANAGE_POWER_ITEMS = "manage_power_items", "维护权责清单"
    MANAGE_OFFICERS = "manage_officers", "维护执法人员"
    MANAGE_CREDENTIALS = "manage_credentials", "办理执法证件"
    MANAGE_REVIEWERS = "manage_reviewers", "配备法制审核人员"
    EDIT_RULE_PARAMETERS = "edit_rule_parameters", "修改规则参数"
    VIEW_SUPERVISION = "view_supervision", "查看监督统计"
    GRANT_ROLES = "grant_roles", "分配角色"
    READ_AUDIT_LOG = "read_audit_log", "查阅审计日志"
    VIEW_FULL_ID_NUMBERS = "view_full_id_numbers", "查看完整身份证号"
    MANAGE_CASES = "manage_cases", "办理案件"
    APPROVE_CASE_STEPS = "approve_case_steps", "审批办案环节"
    # Approvals the law gives to the head of the agency (行政机关负责人), not to a department head.
    APPROVE_AS_AGENCY_HEAD = "approve_as_agency_head", "以行政机关负责人身份审批"
    MANAGE_SPOT_CHECKS = "manage_spot_checks", "组织双随机抽查"
    IMPORT_EXCHANGED_CASES = "import_exchanged_cases", "导入外部系统案件"
    APPROVE_EVIDENCE_ACCESS = "approve_evidence_access", "审批调阅申请"
    MANAGE_RECORDING_DEVICES = "manage_recording_devices", "管理执法记录仪"
    MANAGE_SCENE_RULES = "manage_scene_rules", "维护音像记录场景和制度"
    READ_ACCESS_LOG = "read_access_log", "查阅调阅日志"
    REVIEW_DECISIONS = "review_decisions", "法制审核"
    MANAGE_REVIEW_CATALOG = "manage_review_catalog", "编制法制审核目录清单"
    ACCEPT_REVIEW_CATALOGS = "accept_review_catalogs", "审查法制审核目录清单备案"
    APPROVE_REVIEW_EXTENSION = "approve_review_extension", "批准延长法制审核期限"
    MANAGE_EX_ANTE_LISTS = "manage_ex_ante_lists", "维护事前公开清单"
    MANAGE_SERVICE_WINDOWS = "manage_service_windows", "维护岗位信息公示牌"
    MANAGE_PUBLICATIONS = "manage_publications", "办理公示事项"
    PUBLISH_DECISIONS = "publish_decisions", "审核发布公示信息"
    APPROVE_CREDIT_REPAIR = "approve_credit_repair", "审核信用修复"
    MANAGE_PUBLICATION_RULES = "manage_publication_rules", "维护公示范围、期限和脱敏规则"
    PREPARE_REPORTS = "prepare_reports", "编制报送执法数据"
    APPROVE_ANNUAL_REPORTS = "approve_annual_reports", "审定发布年度执法数据"
    ACCEPT_REPORTS = "accept_reports", "审查执法数据报送"
    HANDLE_COMPLAINTS = "handle_complaints", "办理投诉举报"
    ROUTE_COMPLAINTS = "route_complaints", "分办投诉举报"
    EVALUATE_CASE_FILES = "evaluate_case_files", "组织案卷评查"
    RECTIFY_FINDINGS = "rectify_findings", "整改评查问题"
    MANAGE_ASSESSMENT = "manage_assessment", "组织年度考核"
    MANAGE_GUIDING_CASES = "manage_guiding_cases", "遴选指导案例"
    REGISTER_AGENCY_RULES = "register_agency_rules", "登记执法制度"
    ISSUE_CIRCULARS = "issue_circulars", "发布通报"
    ACKNOWLEDGE_CIRCULARS = "acknowledge_circulars", "签收通报"
    VIEW_ARCHIVES = "view_archives", "查看档案"
    ARCHIVE_CASE_FILES = "archive_case_files", "归档案卷"
    MANAGE_RETENTION_SCHEDULE = "manage_retention_schedule", "编制归档范围和保管期限表"
    APPROVE_RETENTION_SCHEDULES = "approve_retention_schedules", "审批保管期限表"
    PLACE_LEGAL_HOLDS = "place_legal_holds", "设置和解除档案冻结"
    RUN_ARCHIVE_CHECKS = "run_archive_checks", "运行四性检测"
    HAND_OVER_ARCHIVES = "hand_over_archives", "移交档案"
    RECEIVE_HANDOVERS = "receive_handovers", "接收移交档案"
    APPRAISE_ARCHIVES = "appraise_archives", "鉴定到期档案"
    APPROVE_DESTRUCTION = "approve_destruction", "批准档案鉴定意见"
    REQUEST_ARCHIVE_USE = "request_archive_use", "申请利用档案"
    APPROVE_ARCHIVE_USE = "approve_archive_use", "审批档案利用"


# Of all roles, only the agency head may view the full resident ID numbers of the agency's
# officers. Everyone else, colleagues included, gets them masked (see zhifa.agencies.privacy).
_ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.OFFICER: frozenset(
        {
            Capability.VIEW_BACKOFFICE,
            Capability.MANAGE_CASES,
            Capability.MANAGE_PUBLICATIONS,
            Capability.REQUEST_ARCHIVE_USE,
        }
    ),
    Role.DEPARTMENT_HEAD: frozenset(
        {
            Capability.VIEW_BACKOFFICE,
            Capability.MANAGE_SPOT_CHECKS,
            Capability.MANAGE_CASES,
            Capability.APPROVE_CASE_STEPS,
            Capability.APPROVE_EVIDENCE_ACCESS,
            Capability.MANAGE_RECORDING_DEVICES,
            Capability.MANAGE_PUBLICATIONS,
            Capability.HANDLE_COMPLAINTS,
            Capability.REQUEST_ARCHIVE_USE,
        }
    ),
    Role.PUBLICATION_APPROVER: frozenset(
        {
            Capability.VIEW_BACKOFFICE,
            Capability.MANAGE_PUBLICATIONS,
            Capability.PUBLISH_DECISIONS,
            Capability.APPROVE_CREDIT_REPAIR,
            Capability.MANAGE_EX_ANTE_LISTS,
            Capability.MANAGE_SERVICE_WINDOWS,
        }
    ),
    Role.REVIEWER: frozenset(
        {
            Capability.VIEW_BACKOFFICE,
            Capability.REVIEW_DECISIONS,
            Capability.MANAGE_REVIEW_CATALOG,
            Capability.PREPARE_REPORTS,
            Capability.RECTIFY_FINDINGS,
            Capability.REGISTER_AGENCY_RULES,
            Capability.REQUEST_ARCHIVE_USE,
        }
    ),
    Role.JUDICIAL_OFFICE_REVIEWER: frozenset(
        {Capability.VIEW_BACKOFFICE, Capability.REVIEW_DECISIONS}
    ),
    Role.AGENCY_HEAD: frozenset(
        {
            Capability.VIEW_BACKOFFICE,
            Capability.MANAGE_POWER_ITEMS,
            Capability.MANAGE_OFFICERS,
            Capability.MANAGE_CREDENTIALS,
            Capability.MANAGE_REVIEWERS,
            Capability.MANAGE_AGENCY,
            Capability.VIEW_FULL_ID_NUMBERS,
            Capability.MANAGE_SPOT_CHECKS,
            Capability.MANAGE_CASES,
            Capability.APPROVE_CASE_STEPS,
            Capability.APPROVE_AS_AGENCY_HEAD,
            Capability.APPROVE_EVIDENCE_ACCESS,
            Capability.MANAGE_RECORDING_DEVICES,
            Capability.MANAGE_SCENE_RULES,
            Capability.MANAGE_REVIEW_CATALOG,
            Capability.APPROVE_REVIEW_EXTENSION,
            Capability.MANAGE_EX_ANTE_LISTS,
            Capability.MANAGE_SERVICE_WINDOWS,
            Capability.MANAGE_PUBLICATIONS,
            Capability.PUBLISH_DECISIONS,
            Capability.APPROVE_CREDIT_REPAIR,
            Capability.PREPARE_REPORTS,
            Capability.APPROVE_ANNUAL_REPORTS,
            Capability.HANDLE_COMPLAINTS,
            Capability.RECTIFY_FINDINGS,
            Capability.REGISTER_AGENCY_RULES,
            Capability.ACKNOWLEDGE_CIRCULARS,
            Capability.VIEW_ARCHIVES,
            Capability.PLACE_LEGAL_HOLDS,
            Capability.APPROVE_DESTRUCTION,
            Capability.REQUEST_ARCHIVE_USE,
            Capability.APPROVE_ARCHIVE_USE,
        }
    ),
    Role.SUPERVISOR: frozenset(
        {
            Capability.ACCEPT_REVIEW_CATALOGS,
            Capability.APPROVE_REVIEW_EXTENSION,
            Capability.VIEW_BACKOFFICE,
            Capability.MANAGE_CREDENTIALS,
            Capability.EDIT_RULE_PARAMETERS,
            Capability.VIEW_SUPERVISION,
            Capability.APPROVE_EVIDENCE_ACCESS,
            Capability.MANAGE_SCENE_RULES,
            Capability.READ_ACCESS_LOG,
            Capability.MANAGE_PUBLICATION_RULES,
            Capability.ACCEPT_REPORTS,
            Capability.ROUTE_COMPLAINTS,
            Capability.EVALUATE_CASE_FILES,
            Capability.MANAGE_ASSESSMENT,
            Capability.MANAGE_GUIDING_CASES,
            Capability.ISSUE_CIRCULARS,
            Capability.REQUEST_ARCHIVE_USE,
        }
    ),
    Role.ARCHIVIST: frozenset(
        {
            Capability.VIEW_BACKOFFICE,
            Capability.VIEW_ARCHIVES,
            Capability.ARCHIVE_CASE_FILES,
            Capability.MANAGE_RETENTION_SCHEDULE,
            Capability.PLACE_LEGAL_HOLDS,
            Capability.RUN_ARCHIVE_CHECKS,
            Capability.HAND_OVER_ARCHIVES,
            Capability.APPRAISE_ARCHIVES,
            Capability.APPROVE_ARCHIVE_USE,
            # Who opened the agency's archives (and AV records): the access log, own agency.
            Capability.READ_ACCESS_LOG,
        }
    ),
    Role.ARCHIVES_BUREAU: frozenset(
        {
            Capability.VIEW_BACKOFFICE,
            Capability.VIEW_ARCHIVES,
            Capability.APPROVE_RETENTION_SCHEDULES,
            Capability.RUN_ARCHIVE_CHECKS,
            Capability.RECEIVE_HANDOVERS,
        }
    ),
    Role.SYSTEM_ADMIN: frozenset(
        {
            Capability.VIEW_BACKOFFICE,
            Capability.MANAGE_AGENCY,
            Capability.MANAGE_CALENDAR,
            Capability.MANAGE_POWER_ITEMS,
            Capability.IMPORT_EXCHANGED_CASES,
        }
    ),
    Role.SECURITY_ADMIN: frozenset({Capability.GRANT_ROLES}),
    Role.AUDIT_ADMIN: frozenset({Capability.READ_AUDIT_LOG, Capability.READ_ACCESS_LOG}),
}


def capabilities_of(roles: set[str]) -> frozenset[str]:
    result: set[str] = set()
    for role in roles:
        result |= _ROLE_CAPABILITIES.get(role, frozenset())
    return frozenset(result)


def role_capabilities(role: str) -> frozenset[str]:
    return _ROLE_CAPABILITIES.get(role, frozenset())
