"""Loading the district's public reference data: agencies, judicial offices, domains.

Loading only adds what is missing, matched by name, and never changes a row that exists, so
it can run on every start without undoing an administrator's edits.
"""

import csv
import logging
from dataclasses import dataclass
from importlib import resources

from django.db import transaction

from zhifa.agencies.models import Agency, Department, EnforcementDomain, JudicialOffice

logger = logging.getLogger(__name__)

DOMAINS = [
    ("market", "市场监管"),
    ("city", "城市管理"),
    ("environment", "生态环境"),
    ("transport", "交通运输"),
    ("culture", "文化旅游"),
    ("agriculture", "农业农村"),
    ("health", "卫生健康"),
    ("emergency", "应急管理"),
    ("planning", "规划资源"),
    ("water", "水务"),
    ("construction", "住房城乡建设"),
    ("housing", "房屋管理"),
    ("labour", "人力资源社会保障"),
    ("education", "教育"),
    ("civil", "民政"),
    ("greening", "绿化市容"),
    ("public-security", "公安"),
    ("tax", "税务"),
    ("fire", "消防救援"),
    ("tobacco", "烟草专卖"),
    ("meteorology", "气象"),
    ("medical-insurance", "医疗保障"),
    ("statistics", "统计"),
    ("sports", "体育"),
    ("civil-defence", "人民防空"),
    ("archives", "档案"),
    ("ethnic-religious", "民族宗教"),
    ("development", "发展改革"),
    ("economy", "经济信息化"),
    ("commerce", "商务"),
    ("science", "科学技术"),
    ("finance", "财政"),
    ("justice", "司法行政"),
    ("audit", "审计"),
    ("veterans", "退役军人事务"),
    ("expropriation", "房屋征收"),
    ("town-comprehensive", "街镇综合执法"),
]


def domain_number(code: str) -> int:
    """Return the 1-based position of a domain in ``DOMAINS``, used in demo item codes."""
    codes = [domain_code for domain_code, _ in DOMAINS]
    return codes.index(code) + 1


@dataclass(frozen=True)
class AgencyRow:
    name: str
    short_name: str
    kind: str


def read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("zhifa.demo").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def agency_rows() -> list[AgencyRow]:
    return [
        AgencyRow(row["name"], row["short_name"], row["kind"])
        for row in read_csv("qingpu-agencies.csv")
    ]


def abbreviation_for(short_name: str) -> str:
    """Derive the document prefix (文书代字), e.g. 区市场监管局 → 青市场监管."""
    core = short_name.removeprefix("区").removesuffix("局").removesuffix("委").removesuffix("办")
    return "青" + core


@transaction.atomic
def load_reference() -> dict[str, int]:
    """Add the district's agencies, their legal departments and the judicial offices."""
    created = {"domains": 0, "agencies": 0, "judicial_offices": 0}

    for code, name in DOMAINS:
        _, made = EnforcementDomain.objects.get_or_create(code=code, defaults={"name": name})
        created["domains"] += int(made)

    for order, row in enumerate(agency_rows(), start=1):
        agency, made = Agency.objects.get_or_create(
            name=row.name,
            defaults={
                "short_name": row.short_name,
                "kind": row.kind,
                "abbreviation": abbreviation_for(row.short_name),
                "sort_order": order,
            },
        )
        created["agencies"] += int(made)
        if made:
            _add_legal_department(agency)

    for office_row in read_csv("qingpu-judicial-offices.csv"):
        office, made = JudicialOffice.objects.get_or_create(name=office_row["name"])
        created["judicial_offices"] += int(made)
        if made:
            office.covers.add(*Agency.objects.filter(short_name=office_row["covers"]))

    logger.info("reference data loaded: %s", created)
    return created


def _add_legal_department(agency: Agency) -> None:
    """Give a new agency its legal department and make it the review body."""
    name = "法制办公室" if agency.kind in {"town", "street_office"} else "法制科"
    department = Department.objects.create(agency=agency, name=name, is_legal_department=True)
    Agency.objects.filter(pk=agency.pk).update(review_body=department)
