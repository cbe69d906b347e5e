"""Invented officers, reviewers, power items and demo accounts (演示数据).

Every name and number here is made up; ID numbers carry valid check digits so that the
validation rules accept them. A seeded random generator makes every run produce the same
people, and rows are matched by natural keys, so a second run adds nothing and changes
nothing that an administrator edited.
"""

import datetime
import io
import logging
import random
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies import rules
from zhifa.agencies.models import (
    Agency,
    AgencyKind,
    Credential,
    CredentialEvent,
    CredentialStatus,
    Department,
    EnforcementDomain,
    JudicialOffice,
    Officer,
    Reviewer,
    TrainingRecord,
)
from zhifa.catalog.models import PowerItem, PowerItemVersion
from zhifa.core.identifiers import id_check_char
from zhifa.demo import catalog_data
from zhifa.demo.reference import domain_number

logger = logging.getLogger(__name__)

DEMO_PASSWORD = "Qingpu@2026"
QINGPU_AREA_CODE = "310118"
SEED = 20261204

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_CHARACTERS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志文斌红梅玲丹萍鹏辉宇浩然子"
    "轩欣怡晨阳佳琪雨婷俊杰思远嘉怡宏亮晓东海燕立新振华永刚春燕学军"
)


def _name(generator: random.Random) -> str:
    given_length = generator.choice([1, 2, 2])
    given = "".join(generator.choice(GIVEN_CHARACTERS) for _ in range(given_length))
    return generator.choice(SURNAMES) + given


def _id_number(generator: random.Random, index: int, male: bool) -> str:
    born = datetime.date(1965, 1, 1) + datetime.timedelta(days=generator.randrange(0, 12400))
    sequence = (index % 499) * 2 + (1 if male else 2)
    first17 = f"{QINGPU_AREA_CODE}{born:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def _photo(seed: int) -> bytes:
    """Draw a plain silhouette, so that the demo shows where a real photo goes."""
    generator = random.Random(seed)
    background = tuple(generator.randrange(170, 220) for _ in range(3))
    image = Image.new("RGB", (240, 320), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((75, 60, 165, 160), fill=(90, 98, 112))
    draw.rounded_rectangle((35, 175, 205, 340), radius=60, fill=(31, 78, 140))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _domain_of(agency: Agency) -> EnforcementDomain:
    if agency.kind in {AgencyKind.TOWN, AgencyKind.STREET_OFFICE}:
        code = catalog_data.TOWN_DOMAIN
    else:
        code = catalog_data.AGENCY_DOMAINS.get(agency.short_name, "town-comprehensive")
    return EnforcementDomain.objects.get(code=code)


def _officer_count(agency: Agency) -> int:
    if agency.kind in {AgencyKind.TOWN, AgencyKind.STREET_OFFICE}:
        return catalog_data.TOWN_OFFICER_COUNT
    return catalog_data.OFFICER_COUNTS.get(agency.short_name, 0)


@transaction.atomic
def load_demo(today: datetime.date) -> dict[str, int]:
    """Add the demo people and items that are missing; return how many of each were added."""
    created = {"power_items": 0, "officers": 0, "reviewers": 0, "users": 0}
    officer_index = 0

    for agency in Agency.objects.order_by("sort_order", "pk"):
        domain = _domain_of(agency)
        created["power_items"] += _load_power_items(agency, domain)
        handling = _handling_department(agency)
        for _ in range(_officer_count(agency)):
            officer_index += 1
            created["officers"] += _load_officer(agency, handling, domain, officer_index, today)
        created["reviewers"] += _load_reviewers(agency)

    created["users"] += _load_users()
    _configure_district_legal_body()
    created["reviewers"] += _link_review_accounts()
    logger.info("demo data loaded: %s", created)
    return created


def _handling_department(agency: Agency) -> Department:
    name = (
        "综合行政执法队"
        if agency.kind in {AgencyKind.TOWN, AgencyKind.STREET_OFFICE}
        else "执法大队"
    )
    department, _ = Department.objects.get_or_create(
        agency=agency,
        name=name,
        defaults={"handles_penalty": True, "handles_compulsory_enforcement": True},
    )
    return department


def _load_power_items(agency: Agency, domain: EnforcementDomain) -> int:
    created = 0
    for number, (category, name, basis) in enumerate(
        catalog_data.items_for(domain.code, domain.name), 1
    ):
        # Power item codes are digits in published lists: district, domain and item number.
        code = f"{QINGPU_AREA_CODE}{domain_number(domain.code):03d}{number:03d}"
        item, made = PowerItem.objects.get_or_create(agency=agency, code=code)
        if not made:
            continue
        PowerItemVersion.objects.create(
            item=item,
            number=1,
            name=name,
            category=category,
            legal_basis=basis,
            domain=domain,
            effective_from=datetime.date(2024, 1, 1),
            change_reason="初始导入（演示数据）",
        )
        created += 1
    return created


def _credential_plan(index: int, today: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    """Return the status and validity of the index-th credential.

    A few are expiring soon, expired, suspended or revoked, so every state appears.
    """
    if index % 37 == 0:
        return (
            CredentialStatus.SUSPENDED,
            today - datetime.timedelta(days=400),
            today + datetime.timedelta(days=700),
        )
    if index % 97 == 0:
        return (
            CredentialStatus.REVOKED,
            today - datetime.timedelta(days=800),
            today + datetime.timedelta(days=300),
        )
    if index % 19 == 0:
        valid_until = today + datetime.timedelta(days=10 + index % 45)
        return CredentialStatus.ACTIVE, valid_until - datetime.timedelta(days=3 * 365), valid_until
    if index % 53 == 0:
        valid_until = today - datetime.timedelta(days=20 + index % 60)
        return CredentialStatus.ACTIVE, valid_until - datetime.timedelta(days=3 * 365), valid_until
    start = today - datetime.timedelta(days=30 + (index * 7) % 900)
    return CredentialStatus.ACTIVE, start, start + datetime.timedelta(days=3 * 365)


def _load_officer(
    agency: Agency,
    department: Department,
    domain: EnforcementDomain,
    index: int,
    today: datetime.date,
) -> int:
    # Each officer has its own generator, so skipping existing rows never shifts later ones.
    generator = random.Random(SEED * 10000 + index)
    male = generator.random() < 0.62
    full_name = _name(generator)
    id_number = _id_number(generator, index, male)
    training_hours = generator.choice([64, 72, 80, 66, 48, 36])
    has_qualification = generator.random() < 0.15
    if Credential.objects.filter(number=f"31180{index:05d}").exists():
        return 0

    officer = Officer.objects.create(
        agency=agency,
        department=department,
        full_name=full_name,
        gender="male" if male else "female",
        id_number=id_number,
        post="执法队员" if index % 9 else "执法队长",
        legal_qualification=has_qualification,
    )
    officer.domains.add(domain)
    officer.photo.save(f"demo-{index:04d}.png", ContentFile(_photo(index)), save=True)

    status, valid_from, valid_until = _credential_plan(index, today)
    credential = Credential.objects.create(
        officer=officer,
        number=f"31180{index:05d}",
        status=status,
        issuing_authority="上海市人民政府",
        issued_on=valid_from,
        valid_from=valid_from,
        valid_until=valid_until,
        exam_passed_on=None if has_qualification else valid_from - datetime.timedelta(days=45),
        exam_exempt_reason="持有法律职业资格" if has_qualification else "",
    )
    credential.domains.add(domain)
    _credential_history(credential, status, has_qualification)

    TrainingRecord.objects.create(
        officer=officer,
        attended_on=datetime.date(today.year, 3, 15),
        course="行政执法公共法律知识培训",
        hours=Decimal(training_hours // 2),
        provider="上海市青浦区司法局",
    )
    TrainingRecord.objects.create(
        officer=officer,
        attended_on=datetime.date(today.year, 9, 20),
        course=f"{domain.name}业务知识与执法技能培训",
        hours=Decimal(training_hours - training_hours // 2),
        provider=agency.short_name,
    )
    return 1


def _credential_history(credential: Credential, status: str, exempt: bool) -> None:
    start = credential.valid_from or datetime.date(2024, 1, 1)
    events = [("applied", start - datetime.timedelta(days=60), "")]
    if exempt:
        events.append(
            ("exam_exempted", start - datetime.timedelta(days=45), "持有法律职业资格，免于考试")
        )
    else:
        events.append(("exam_passed", start - datetime.timedelta(days=45), ""))
    events.append(("issued", start, ""))
    if status == CredentialStatus.SUSPENDED:
        events.append(
            ("suspended", start + datetime.timedelta(days=300), "涉嫌违法违纪接受调查期间暂扣")
        )
    if status == CredentialStatus.REVOKED:
        events.append(("revoked", start + datetime.timedelta(days=500), "调离行政执法岗位"))
    for kind, day, reason in events:
        CredentialEvent.objects.create(
            credential=credential, kind=kind, occurred_on=day, reason=reason
        )


def _load_reviewers(agency: Agency) -> int:
    officers = _officer_count(agency)
    default = 1 if officers >= catalog_data.MIN_OFFICERS_FOR_REVIEWER else 0
    target_count = catalog_data.REVIEWER_COUNTS.get(agency.short_name, default)
    existing = Reviewer.objects.filter(agency=agency).count()
    created = 0
    for number in range(existing, target_count):
        generator = random.Random(f"{SEED}-{agency.name}-{number}")
        # One reviewer in the district began after 2021-07-15 without the qualification.
        legacy = number == 0 and agency.short_name == "区生态环境局"
        started = datetime.date(2022, 3, 1) if legacy else datetime.date(2016 + number, 9, 1)
        Reviewer.objects.create(
            agency=agency,
            full_name=_name(generator),
            kind="staff",
            started_on=started,
            legal_qualification=not legacy,
            legal_qualification_number=""
            if legacy
            else f"A{2015 + number}310118{generator.randrange(100000, 999999)}",
        )
        created += 1
    return created


DEMO_USERS = [
    ("officer", "执法人员（演示）", [Role.OFFICER], "区市场监管局", None),
    ("depthead", "经办部门负责人（演示）", [Role.DEPARTMENT_HEAD], "区市场监管局", None),
    ("approver", "发布审核人员（演示）", [Role.PUBLICATION_APPROVER], "区市场监管局", None),
    ("reviewer", "法制审核人员（演示）", [Role.REVIEWER], "区市场监管局", None),
    ("head", "执法单位负责人（演示）", [Role.AGENCY_HEAD], "区市场监管局", None),
    ("town", "朱家角镇执法人员（演示）", [Role.OFFICER], "朱家角镇", None),
    # The coercion demo cases (forced clearing, court applications) belong to 区城管执法局,
    # housing expropriation is decided by the district government, and the demo levies and
    # requisitions belong to 区建管委 and 区应急局.
    ("chengguan", "城管执法人员（演示）", [Role.OFFICER], "区城管执法局", None),
    ("zhengfu", "区政府房屋征收负责人（演示）", [Role.AGENCY_HEAD], "区政府", None),
    ("jianguan", "区建管委负责人（演示）", [Role.AGENCY_HEAD], "区建管委", None),
    ("yingji", "区应急局负责人（演示）", [Role.AGENCY_HEAD], "区应急局", None),
    (
        "sifasuo",
        "朱家角司法所（演示）",
        [Role.JUDICIAL_OFFICE_REVIEWER],
        "区司法局",
        "上海市青浦区司法局朱家角司法所",
    ),
    ("supervisor", "区司法局执法监督（演示）", [Role.SUPERVISOR], "区司法局", None),
    ("archivist", "档案管理员（演示）", [Role.ARCHIVIST], "区市场监管局", None),
    ("dangan", "区档案局（演示）", [Role.ARCHIVES_BUREAU], "区档案局", None),
    ("sysadmin", "系统管理员（演示）", [Role.SYSTEM_ADMIN], None, None),
    ("secadmin", "安全管理员（演示）", [Role.SECURITY_ADMIN], None, None),
    ("auditadmin", "安全审计员（演示）", [Role.AUDIT_ADMIN], None, None),
]


# Demo accounts that act as one of their agency's officers, so on-site steps name a person.
LINKED_OFFICER_ACCOUNTS = ("officer", "chengguan")


def _load_users() -> int:
    created = 0
    for username, full_name, roles, agency_short, office_name in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        agency = Agency.objects.filter(short_name=agency_short).first() if agency_short else None
        office = JudicialOffice.objects.filter(name=office_name).first() if office_name else None
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            full_name=full_name,
            agency=agency,
            judicial_office=office,
        )
        user.groups.add(*Group.objects.filter(name__in=roles))
        if username in LINKED_OFFICER_ACCOUNTS and agency is not None:
            officer = (
                Officer.objects.filter(agency=agency, user__isnull=True).order_by("pk").first()
            )
            if officer is not None:
                User.objects.filter(pk=user.pk).update(
                    officer=officer, full_name=officer.full_name, department=officer.department
                )
        created += 1
    return created


# --- Review accounts (法制审核账号) ---------------------------------------------------------

# The district government's legal body (区法制机构). The judicial bureau does this work for the
# government, so the government's review body is a legal department staffed by the bureau.
DISTRICT_LEGAL_BODY = "区政府法制审核（区司法局）"
# The name of the legal department ``zhifa.demo.reference`` gives every new district agency.
REFERENCE_LEGAL_DEPARTMENT = "法制科"
JUDICIAL_OFFICE_ACCOUNT = "sifasuo"


def _configure_district_legal_body() -> None:
    """Make the district legal body the government's review body, unless someone chose another."""
    government = Agency.objects.filter(kind=AgencyKind.DISTRICT_GOVERNMENT).first()
    if government is None:
        return
    body, _ = Department.objects.get_or_create(
        agency=government, name=DISTRICT_LEGAL_BODY, defaults={"is_legal_department": True}
    )
    current = government.review_body
    if current is None or current.name == REFERENCE_LEGAL_DEPARTMENT:
        Agency.objects.filter(pk=government.pk).update(review_body=body)


def _can_sign(reviewer: Reviewer) -> bool:
    qualified = rules.check_reviewer_qualification(
        reviewer.started_on, reviewer.legal_qualification
    ).allowed
    return reviewer.kind == "staff" and reviewer.ended_on is None and qualified


def _signing_reviewer(agency: Agency) -> tuple[Reviewer, bool]:
    """Return a staff reviewer of ``agency`` who may sign opinions, adding one if none exists."""
    candidates = Reviewer.objects.filter(agency=agency, user__isnull=True).order_by("pk")
    for reviewer in candidates:
        if _can_sign(reviewer):
            return reviewer, False
    generator = random.Random(f"{SEED}-{agency.name}-signer")
    reviewer = Reviewer.objects.create(
        agency=agency,
        full_name=_name(generator),
        kind="staff",
        started_on=datetime.date(2019, 9, 1),
        legal_qualification=True,
        legal_qualification_number=f"A2018310118{generator.randrange(100000, 999999)}",
    )
    return reviewer, True


def _link(user: User, agency: Agency, department: Department | None) -> int:
    """Link ``user`` to a signing reviewer of ``agency``; return 1 if a reviewer was added."""
    if Reviewer.objects.filter(user=user).exists():
        return 0
    reviewer, added = _signing_reviewer(agency)
    Reviewer.objects.filter(pk=reviewer.pk).update(user=user)
    User.objects.filter(pk=user.pk).update(department=department)
    return int(added)


def _link_review_accounts() -> int:
    """Link the demo reviewer accounts to reviewer rows; return how many reviewers were added."""
    added = 0
    reviewer = User.objects.filter(username="reviewer").select_related("agency").first()
    if reviewer is not None and reviewer.agency is not None:
        added += _link(reviewer, reviewer.agency, reviewer.agency.review_body)
    office_user = User.objects.filter(username=JUDICIAL_OFFICE_ACCOUNT).first()
    if office_user is not None and office_user.agency is not None:
        added += _link(office_user, office_user.agency, None)
    return added


def _review_account(username: str, full_name: str, role: str, **fields: object) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, **fields}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.add(*Group.objects.filter(name=role))
    return user


def department_signer(department: Department) -> User:
    """Return an account that may sign opinions for the review body ``department``.

    Demo decisions of any agency need an approved review first, so each review body gets a
    linked signing account. The account name ends with the department's id.
    """
    linked = User.objects.filter(
        department=department, reviewer_record__isnull=False, is_active=True
    ).first()
    if linked is not None:
        return linked
    agency = department.agency
    user = _review_account(
        f"shenhe{department.pk:03d}",
        f"{agency.short_name}法制审核（演示）",
        Role.REVIEWER,
        agency=agency,
        department=department,
    )
    _link(user, agency, department)
    return user


def office_signer(office: JudicialOffice) -> User:
    """Return an account that may sign opinions for the judicial office ``office``."""
    linked = User.objects.filter(
        judicial_office=office, reviewer_record__isnull=False, is_active=True
    ).first()
    if linked is not None:
        return linked
    bureau = Agency.objects.get(short_name="区司法局")
    user = _review_account(
        f"sifasuo{office.pk:03d}",
        f"{office.name}（演示）",
        Role.JUDICIAL_OFFICE_REVIEWER,
        agency=bureau,
        judicial_office=office,
    )
    _link(user, bureau, None)
    return user
