"""Demo rows of the ex-ante lists (事前公开清单演示数据) for a few Qingpu agencies.

The rows are invented for the demo; the laws and articles they cite are real. Everything goes
through the list actions as the command line (``user=None``). Each row is matched by agency,
list and code, and its planned versions by number, so a second run adds nothing.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction

from zhifa.agencies.models import Agency
from zhifa.catalog.lists import actions
from zhifa.catalog.lists.content import ListEntryContent
from zhifa.catalog.models import ListEntry, ListKind, PowerCategory, PowerItem

logger = logging.getLogger(__name__)

# Stands in for a power item code: the agency's first licensing item, if the demo has one.
FIRST_LICENSE_ITEM = "first-license-item"


@dataclass(frozen=True)
class DemoVersion:
    effective_from: datetime.date
    title: str
    fields: dict[str, str]
    change_reason: str = ""
    power_item: str = ""


@dataclass(frozen=True)
class DemoEntry:
    agency: str
    kind: str
    code: str
    versions: tuple[DemoVersion, ...]


START = datetime.date(2024, 1, 1)

ADVERTISING_FIELDS = {
    "legal_provision": "《中华人民共和国广告法》第九条第三项",
    "penalty_provision": "《中华人民共和国广告法》第五十七条第一项",
    "circumstance": "在商品包装或店堂广告中使用“最佳”“顶级”等绝对化用语",
    "benchmark": "责令停止发布广告，对广告主处二十万元以上一百万元以下的罚款",
}

DEMO_ENTRIES: tuple[DemoEntry, ...] = (
    DemoEntry(
        "区市场监管局",
        ListKind.DISCRETION_BENCHMARK,
        "SCJG-CL-001",
        (
            DemoVersion(datetime.date(2020, 1, 1), "广告中使用绝对化用语", ADVERTISING_FIELDS),
            DemoVersion(
                datetime.date(2021, 7, 15),
                "广告中使用绝对化用语",
                {
                    **ADVERTISING_FIELDS,
                    "benchmark": "责令停止发布广告，对广告主处二十万元以上一百万元以下的罚款；"
                    "初次违法且危害后果轻微并及时改正的，可以不予行政处罚",
                    "note": "不予处罚的依据：《中华人民共和国行政处罚法》第三十三条第一款",
                },
                change_reason="《中华人民共和国行政处罚法》修订施行（2021年7月15日），"
                "增加初次违法可以不予处罚的情形",
            ),
        ),
    ),
    DemoEntry(
        "区市场监管局",
        ListKind.DISCRETION_BENCHMARK,
        "SCJG-CL-002",
        (
            DemoVersion(
                START,
                "未取得食品经营许可从事食品经营活动",
                {
                    "legal_provision": "《中华人民共和国食品安全法》第三十五条第一款",
                    "penalty_provision": "《中华人民共和国食品安全法》第一百二十二条第一款",
                    "circumstance": "违法经营的食品货值金额不足一万元，初次违法",
                    "benchmark": "没收违法所得和违法经营的食品，并处五万元以上六万元以下罚款",
                },
            ),
        ),
    ),
    DemoEntry(
        "区市场监管局",
        ListKind.RANDOM_INSPECTION_ITEM,
        "SCJG-CC-001",
        (
            DemoVersion(
                START,
                "食品销售者监督检查",
                {
                    "inspection_object": "辖区内食品销售者",
                    "inspection_content": "食品经营许可情况、进货查验记录、食品贮存条件、"
                    "标签标识和过期食品处置",
                    "inspection_method": "现场检查、书面检查",
                    "legal_basis": "《中华人民共和国食品安全法》第一百一十条",
                    "frequency": "每年抽查比例不低于5%",
                },
            ),
        ),
    ),
    DemoEntry(
        "区市场监管局",
        ListKind.RANDOM_INSPECTION_ITEM,
        "SCJG-CC-002",
        (
            DemoVersion(
                START,
                "广告发布行为监督检查",
                {
                    "inspection_object": "广告主、广告经营者、广告发布者",
                    "inspection_content": "广告内容是否真实合法，是否使用绝对化用语",
                    "inspection_method": "现场检查、网络监测",
                    "legal_basis": "《中华人民共和国广告法》第四十九条",
                    "frequency": "每年抽查比例不低于3%",
                },
            ),
        ),
    ),
    DemoEntry(
        "区市场监管局",
        ListKind.SERVICE_GUIDE,
        "SCJG-ZN-001",
        (
            DemoVersion(
                START,
                "食品经营许可（新办）",
                {
                    "accepting_unit": "青浦区行政服务中心市场监管窗口",
                    "deciding_unit": "上海市青浦区市场监督管理局",
                    "conditions": "有与经营的食品品种、数量相适应的经营场所和设施设备，"
                    "有食品安全管理人员和保证食品安全的规章制度",
                    "materials": "食品经营许可申请书\n营业执照复印件\n"
                    "与食品经营相适应的主要设备设施布局、操作流程等文件\n"
                    "食品安全自查、从业人员健康管理、进货查验记录等规章制度",
                    "time_limit": "自受理之日起20个工作日内作出决定",
                    "fee": "不收费",
                    "flow_steps": "提交申请\n窗口受理\n材料审查和现场核查\n"
                    "作出许可决定\n发放许可证",
                    "contact": "021-59000000（演示号码）",
                },
                power_item=FIRST_LICENSE_ITEM,
            ),
        ),
    ),
    DemoEntry(
        "区市场监管局",
        ListKind.RELIEF_CHANNEL,
        "SCJG-JJ-001",
        (
            DemoVersion(
                START,
                "行政复议",
                {
                    "body": "上海市青浦区人民政府",
                    "time_limit": "自知道或者应当知道该行政行为之日起六十日内",
                    "legal_basis": "《中华人民共和国行政复议法》第二十条、第二十四条",
                },
            ),
        ),
    ),
    DemoEntry(
        "区城管执法局",
        ListKind.RELIEF_CHANNEL,
        "CGZF-JJ-001",
        (
            DemoVersion(
                START,
                "行政复议",
                {
                    "body": "上海市青浦区人民政府",
                    "time_limit": "自知道或者应当知道该行政行为之日起六十日内",
                    "legal_basis": "《中华人民共和国行政复议法》第二十条、第二十四条",
                },
            ),
        ),
    ),
    DemoEntry(
        "区城管执法局",
        ListKind.RELIEF_CHANNEL,
        "CGZF-JJ-002",
        (
            DemoVersion(
                START,
                "行政诉讼",
                {
                    "body": "有管辖权的人民法院",
                    "time_limit": "自知道或者应当知道作出行政行为之日起六个月内",
                    "legal_basis": "《中华人民共和国行政诉讼法》第四十六条",
                },
            ),
        ),
    ),
    DemoEntry(
        "区城管执法局",
        ListKind.MONITORING_DEVICE,
        "CGZF-JK-001",
        (
            DemoVersion(
                datetime.date(2025, 4, 1),
                "城中北路与公园路交叉口东北角（演示地点）",
                {
                    "direction": "朝向城中北路由北向南人行道",
                    "monitored_conduct": "占道设摊经营、跨门营业",
                    "review_passed_on": "2025-03-18",
                    "legal_basis": "《中华人民共和国行政处罚法》第四十一条；"
                    "《上海市城市管理行政执法条例》",
                },
            ),
        ),
    ),
    DemoEntry(
        "区城管执法局",
        ListKind.MONITORING_DEVICE,
        "CGZF-JK-002",
        (
            DemoVersion(
                datetime.date(2025, 4, 1),
                "青松路沿线菜市场出入口（演示地点）",
                {
                    "direction": "覆盖菜市场东西两侧出入口",
                    "monitored_conduct": "占道设摊经营、乱堆物",
                    "review_passed_on": "2025-03-18",
                    "legal_basis": "《中华人民共和国行政处罚法》第四十一条；"
                    "《上海市城市管理行政执法条例》",
                },
            ),
        ),
    ),
    DemoEntry(
        "区城管执法局",
        ListKind.ENTRUSTMENT,
        "CGZF-WT-2025-01",
        (
            DemoVersion(
                datetime.date(2025, 1, 1),
                "朱家角镇城市运行管理中心（演示受委托组织）",
                {
                    "entrusting_agency": "上海市青浦区城市管理行政执法局",
                    "matters": "对在公共场所乱设摊、跨门营业的行为实施警告和"
                    "二百元以下罚款的行政处罚",
                    "term": "2025年1月1日至2027年12月31日",
                    "legal_basis": "《中华人民共和国行政处罚法》第二十条、第二十一条",
                },
            ),
        ),
    ),
    DemoEntry(
        "朱家角镇",
        ListKind.RELIEF_CHANNEL,
        "ZJJ-JJ-001",
        (
            DemoVersion(
                START,
                "行政复议",
                {
                    "body": "上海市青浦区人民政府",
                    "time_limit": "自知道或者应当知道该行政行为之日起六十日内",
                    "legal_basis": "《中华人民共和国行政复议法》第二十条、第二十四条",
                },
            ),
        ),
    ),
)


def _power_item_code(agency: Agency, planned: str) -> str:
    if planned != FIRST_LICENSE_ITEM:
        return planned
    item = (
        PowerItem.objects.filter(agency=agency, versions__category=PowerCategory.LICENSE)
        .order_by("code")
        .first()
    )
    return item.code if item else ""


def _load_entry(plan: DemoEntry, agency: Agency) -> int:
    """Add the entry and the versions it lacks; return how many versions were added."""
    entry = ListEntry.objects.filter(agency=agency, kind=plan.kind, code=plan.code).first()
    stored = entry.versions.count() if entry else 0
    added = 0
    for number, version in enumerate(plan.versions, start=1):
        if number <= stored:
            continue
        content = ListEntryContent(
            version.title, version.fields, _power_item_code(agency, version.power_item)
        )
        if entry is None:
            entry = actions.create_list_entry(
                None, agency, plan.kind, plan.code, content, effective_from=version.effective_from
            )
        else:
            actions.change_list_entry(
                None,
                entry,
                content,
                effective_from=version.effective_from,
                change_reason=version.change_reason,
            )
        added += 1
    return added


@transaction.atomic
def load(today: datetime.date) -> dict[str, int]:
    """Add the missing demo list rows; return how many entry versions were added."""
    added = 0
    for plan in DEMO_ENTRIES:
        agency = Agency.objects.filter(short_name=plan.agency).first()
        if agency is None:
            logger.info("demo list rows of %s skipped: agency not found", plan.agency)
            continue
        added += _load_entry(plan, agency)
    logger.info("demo list rows loaded: %s versions added", added)
    return {"list_entry_versions": added}
