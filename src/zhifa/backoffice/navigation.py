"""The back-office menu, built from the user's capabilities.

Each app names its pages here; an entry is shown only to users whose roles grant its
capability, so the menu never offers a page that would refuse the user.
"""

import logging
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from zhifa.accounts.roles import Capability

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MenuEntry:
    """A page of the menu, shown to users with the capability, or with any of several."""

    label: str
    url_name: str
    capability: str | tuple[str, ...] | None

    def shown_to(self, user: Any) -> bool:
        if self.capability is None:
            return True
        required = (self.capability,) if isinstance(self.capability, str) else self.capability
        return any(user.can(capability) for capability in required)


MENU = [
    MenuEntry("工作台首页", "backoffice:home", None),
    MenuEntry("执法案件", "cases:case_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("当事人", "cases:party_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("双随机抽查", "cases:spotcheck_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("许可证件登记", "licensing:licence_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("行政强制措施", "coercion:measure_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("房屋征收项目", "levies:project_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("行政复议与行政诉讼", "remedies:remedy_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("音像记录", "evidence:record_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("执法记录仪", "evidence:device_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("音像记录场景", "evidence:scene_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("调阅申请", "evidence:access_request_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("调阅审批", "evidence:access_request_queue", Capability.APPROVE_EVIDENCE_ACCESS),
    MenuEntry("法制审核", "review:request_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("法制审核目录清单", "review:catalog_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("重大执法决定判定", "review:check", Capability.VIEW_BACKOFFICE),
    MenuEntry("法制审核统计", "review:figures", Capability.VIEW_SUPERVISION),
    MenuEntry("听证较大数额标准", "review:threshold_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("公示事项", "publicity:publication_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("公示期限提醒", "publicity:deadlines", Capability.VIEW_BACKOFFICE),
    MenuEntry("公示及时率", "publicity:on_time", Capability.VIEW_SUPERVISION),
    MenuEntry("信用修复", "publicity:repair_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("双公示导出", "publicity:export", Capability.VIEW_BACKOFFICE),
    MenuEntry("公示范围规则", "publicity:rule_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("公示期限规则", "publicity:period_rule_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("脱敏规则", "publicity:masking_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("数据交换", "cases:exchange_batch_list", Capability.IMPORT_EXCHANGED_CASES),
    MenuEntry("执法主体", "agencies:agency_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("执法人员", "agencies:officer_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("法制审核人员", "agencies:reviewer_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("权责清单", "catalog:power_item_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("事前公开清单", "lists:list_home", Capability.VIEW_BACKOFFICE),
    MenuEntry("岗位信息公示牌", "publicity:window_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("执法监督", "agencies:supervision", Capability.VIEW_SUPERVISION),
    MenuEntry("执法监督看板", "alerts:dashboard", Capability.VIEW_BACKOFFICE),
    MenuEntry("预警提醒", "alerts:notification_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("执法数据月报", "reports:monthly_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("全区执法数据汇总", "reports:district", Capability.VIEW_SUPERVISION),
    MenuEntry("年度执法数据", "reports:annual_list", Capability.VIEW_BACKOFFICE),
    MenuEntry(
        "投诉举报",
        "complaints:complaint_list",
        (Capability.HANDLE_COMPLAINTS, Capability.ROUTE_COMPLAINTS, Capability.VIEW_SUPERVISION),
    ),
    MenuEntry("满意度评价", "complaints:rating_report", Capability.VIEW_BACKOFFICE),
    MenuEntry("案卷评查", "evaluation:evaluation_home", Capability.VIEW_BACKOFFICE),
    MenuEntry("年度考核", "evaluation:assessment_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("指导案例", "guidance:guiding_case_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("执法制度建设", "guidance:rule_register", Capability.VIEW_BACKOFFICE),
    MenuEntry("通报", "guidance:circular_list", Capability.VIEW_BACKOFFICE),
    MenuEntry("案卷归档", "archives:case_file_list", Capability.VIEW_ARCHIVES),
    MenuEntry(
        "档案工作概况",
        "archive_use:dashboard",
        (Capability.VIEW_ARCHIVES, Capability.VIEW_SUPERVISION),
    ),
    MenuEntry("保管期限表", "retention:schedule_list", Capability.VIEW_ARCHIVES),
    MenuEntry("档案冻结", "retention:hold_list", Capability.VIEW_ARCHIVES),
    MenuEntry("四性检测", "archive_checks:runs", Capability.VIEW_ARCHIVES),
    MenuEntry("档案移交", "handover:handover_list", Capability.VIEW_ARCHIVES),
    MenuEntry("档案鉴定与销毁", "disposition:appraisal_list", Capability.VIEW_ARCHIVES),
    MenuEntry("我的档案利用申请", "archive_use:my_requests", Capability.REQUEST_ARCHIVE_USE),
    MenuEntry("档案利用审批", "archive_use:queue", Capability.APPROVE_ARCHIVE_USE),
    MenuEntry("规则参数", "core:rule_parameter_list", Capability.EDIT_RULE_PARAMETERS),
    MenuEntry("工作日历", "core:calendar", Capability.MANAGE_CALENDAR),
    MenuEntry("用户与角色", "accounts:user_list", Capability.GRANT_ROLES),
    MenuEntry("审计日志", "accounts:audit_log", Capability.READ_AUDIT_LOG),
    MenuEntry("调阅日志", "evidence:access_log", Capability.READ_ACCESS_LOG),
]


def office_navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"office_navigation": []}

    entries = []
    for entry in MENU:
        if not entry.shown_to(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            logger.warning("menu entry %s has no URL yet", entry.url_name)
            continue
        entries.append({"label": entry.label, "url": url, "active": False})
    _mark_active(entries, request.path, reverse("backoffice:home"))
    return {"office_navigation": entries}


def _mark_active(entries: list[dict[str, Any]], path: str, home: str) -> None:
    """Mark the entry whose address is the longest prefix of ``path`` as the current page.

    The longest, so that /office/archives/handover/ marks 档案移交 and not 案卷归档 too.
    """
    matching = [
        entry
        for entry in entries
        if path == entry["url"] or (entry["url"] != home and path.startswith(entry["url"]))
    ]
    if matching:
        max(matching, key=lambda entry: len(entry["url"]))["active"] = True
