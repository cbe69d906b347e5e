"""Sample power items for the demo, by enforcement domain (演示用权责事项).

The names and legal bases follow real laws, but each agency's real power list must be imported
from its own published list (`zhifa powers import`). Items marked generic are placeholders so
that every agency has something to show.
"""

AGENCY_DOMAINS = {
    "区政府": "expropriation",
    "区发展改革委": "development",
    "区经委": "economy",
    "区商务委": "commerce",
    "区教育局": "education",
    "区科委": "science",
    "区民宗办": "ethnic-religious",
    "青浦公安分局": "public-security",
    "区民政局": "civil",
    "区司法局": "justice",
    "区财政局": "finance",
    "区人社局": "labour",
    "区规划资源局": "planning",
    "区生态环境局": "environment",
    "区建管委": "construction",
    "区交通委": "transport",
    "区农业农村委": "agriculture",
    "区水务局": "water",
    "区文旅局": "culture",
    "区卫健委": "health",
    "区退役军人局": "veterans",
    "区应急局": "emergency",
    "区审计局": "audit",
    "区市场监管局": "market",
    "区统计局": "statistics",
    "区医保局": "medical-insurance",
    "区绿化市容局": "greening",
    "区城管执法局": "city",
    "区房管局": "housing",
    "区体育局": "sports",
    "区国动办": "civil-defence",
    "区档案局": "archives",
    "区消防救援支队": "fire",
    "区税务局": "tax",
    "区烟草专卖局": "tobacco",
    "区气象局": "meteorology",
}
TOWN_DOMAIN = "town-comprehensive"

# (category, name, legal basis) per domain.
DOMAIN_ITEMS: dict[str, list[tuple[str, str, str]]] = {
    "market": [
        (
            "penalty",
            "对未取得食品经营许可从事食品经营活动的行政处罚",
            "《中华人民共和国食品安全法》第一百二十二条",
        ),
        (
            "penalty",
            "对经营不符合食品安全标准的食品的行政处罚",
            "《中华人民共和国食品安全法》第一百二十四条",
        ),
        ("license", "食品经营许可", "《中华人民共和国食品安全法》第三十五条"),
        ("inspection", "对食品经营者的监督检查", "《中华人民共和国食品安全法》第一百一十条"),
        (
            "compulsion",
            "查封、扣押不符合食品安全标准的食品",
            "《中华人民共和国食品安全法》第一百一十条",
        ),
    ],
    "city": [
        (
            "penalty",
            "对未取得建设工程规划许可证进行建设的行政处罚",
            "《中华人民共和国城乡规划法》第六十四条",
        ),
        ("penalty", "对擅自占用道路设摊经营的行政处罚", "《上海市市容环境卫生管理条例》"),
        ("compulsion", "强制拆除违法建筑物、构筑物", "《中华人民共和国行政强制法》第四十四条"),
        ("inspection", "对市容环境卫生责任区的行政检查", "《上海市城市管理行政执法条例》"),
    ],
    "environment": [
        (
            "penalty",
            "对超过排放标准排放大气污染物的行政处罚",
            "《中华人民共和国大气污染防治法》第九十九条",
        ),
        (
            "penalty",
            "对未依法报批环境影响评价文件擅自开工建设的行政处罚",
            "《中华人民共和国环境影响评价法》第三十一条",
        ),
        (
            "compulsion",
            "查封、扣押造成污染物排放的设施、设备",
            "《中华人民共和国环境保护法》第二十五条",
        ),
        ("inspection", "对排污单位的现场检查", "《中华人民共和国环境保护法》第二十四条"),
    ],
    "transport": [
        (
            "penalty",
            "对未取得道路运输经营许可擅自从事道路运输经营的行政处罚",
            "《中华人民共和国道路运输条例》",
        ),
        ("license", "道路货物运输经营许可", "《中华人民共和国道路运输条例》"),
    ],
    "culture": [
        (
            "penalty",
            "对未取得娱乐经营许可擅自从事娱乐场所经营活动的行政处罚",
            "《娱乐场所管理条例》",
        ),
        ("license", "娱乐场所经营许可", "《娱乐场所管理条例》"),
    ],
    "health": [
        (
            "penalty",
            "对公共场所经营者未取得卫生许可证的行政处罚",
            "《公共场所卫生管理条例实施细则》",
        ),
        ("inspection", "对医疗机构执业活动的监督检查", "《医疗机构管理条例》"),
    ],
    "emergency": [
        (
            "penalty",
            "对生产经营单位未按规定对从业人员进行安全生产教育和培训的行政处罚",
            "《中华人民共和国安全生产法》",
        ),
        ("inspection", "安全生产监督检查", "《中华人民共和国安全生产法》"),
    ],
    "tax": [
        (
            "penalty",
            "对纳税人未按照规定期限办理纳税申报的行政处罚",
            "《中华人民共和国税收征收管理法》第六十二条",
        ),
        ("levy", "税款征收", "《中华人民共和国税收征收管理法》"),
    ],
    "fire": [
        (
            "penalty",
            "对占用、堵塞、封闭疏散通道、安全出口的行政处罚",
            "《中华人民共和国消防法》第六十条",
        ),
        ("inspection", "消防监督检查", "《中华人民共和国消防法》第五十三条"),
    ],
    "expropriation": [
        ("other", "国有土地上房屋征收决定", "《国有土地上房屋征收与补偿条例》第八条、第十三条"),
        ("other", "房屋征收补偿决定", "《国有土地上房屋征收与补偿条例》第二十六条"),
    ],
    TOWN_DOMAIN: [
        ("penalty", "对未按规定分类投放生活垃圾的行政处罚", "《上海市生活垃圾管理条例》"),
        ("penalty", "对擅自搭建建筑物、构筑物的行政处罚", "《上海市城乡规划条例》"),
        ("inspection", "街镇综合行政执法巡查", "《上海市城市管理行政执法条例》"),
    ],
}

GENERIC_BASIS = (
    "《中华人民共和国行政处罚法》及本领域法律、法规（演示数据，以本单位公布的权责清单为准）"
)


def items_for(domain_code: str, domain_name: str) -> list[tuple[str, str, str]]:
    """Return the sample items of a domain, or one generic inspection item."""
    if domain_code in DOMAIN_ITEMS:
        return DOMAIN_ITEMS[domain_code]
    return [("inspection", f"对{domain_name}领域法律法规执行情况的行政检查", GENERIC_BASIS)]


# Officers per agency in the demo (about 300 in all); agencies not listed get none.
OFFICER_COUNTS = {
    "区市场监管局": 40,
    "区城管执法局": 36,
    "区生态环境局": 16,
    "区交通委": 14,
    "区卫健委": 14,
    "区税务局": 12,
    "区应急局": 10,
    "区消防救援支队": 10,
    "区文旅局": 8,
    "区规划资源局": 8,
    "区建管委": 8,
    "区农业农村委": 8,
    "区水务局": 6,
    "区房管局": 6,
    "区人社局": 6,
    "区绿化市容局": 6,
    "青浦公安分局": 6,
    "区教育局": 4,
    "区医保局": 4,
    "区烟草专卖局": 4,
    "区民政局": 3,
    "区体育局": 2,
}
TOWN_OFFICER_COUNT = 7

# Reviewers per agency: one where an agency has at least this many officers, more where listed.
# The city-management bureau is deliberately under the 5% ratio and the smallest agencies have
# none, so the supervision page has something to flag; overall about 10% of officers.
MIN_OFFICERS_FOR_REVIEWER = 6
REVIEWER_COUNTS = {"区市场监管局": 3, "区城管执法局": 1}
