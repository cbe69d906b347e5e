"""Registering an expropriation project (房屋征收项目) and its households."""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import Agency, AgencyKind
from zhifa.cases import actions as case_actions
from zhifa.cases.actions._common import lock_case, money, require, required_text
from zhifa.cases.models import CaseKind, CaseParty
from zhifa.core.errors import NotPermitted, ValidationFailed
from zhifa.levies.models import ExpropriationProject, Household

logger = logging.getLogger(__name__)

# The largest floor area the ``Household.floor_area`` column stores (10 digits, 2 decimals).
MAX_FLOOR_AREA = Decimal("99999999.99")


@dataclass
class HouseholdInput:
    """One household as surveyed (Art. 15): number, owner, location and floor area."""

    number: str
    owner: case_actions.PartyInput
    address: str
    floor_area: Decimal


@dataclass
class ProjectInput:
    """A project as the district government registers it; the case is opened with it."""

    name: str
    area_description: str
    expropriation_department_id: int
    budgeted_compensation: Decimal
    department_id: int
    opened_on: datetime.date
    officer_ids: list[int]
    households: list[HouseholdInput]
    power_item_ids: list[int] = field(default_factory=list)


def _require_government(user: User, what: str) -> Agency:
    agency = user.agency
    if agency is None or agency.kind != AgencyKind.DISTRICT_GOVERNMENT:
        raise NotPermitted(
            f"国有土地上房屋征收由区人民政府作出决定，请使用区人民政府的账号登记{what}。"
        )
    return agency


def register_project(user: User, data: ProjectInput) -> ExpropriationProject:
    """Open the expropriation case of the user's district government and register the project.

    Only a district government decides an expropriation (Art. 4), so the user's agency must
    be one. The owners of the surveyed households are the parties of the case; more
    households are added with ``add_household``.
    """
    require(user, Capability.MANAGE_CASES)
    agency = _require_government(user, "征收项目")
    name = required_text(data.name, "name", "项目名称", 200)
    area = required_text(data.area_description, "area_description", "征收范围", 500)
    budget = money(data.budgeted_compensation, "budgeted_compensation", "预算征收补偿费用")
    department = Agency.objects.filter(pk=data.expropriation_department_id).first()
    if department is None or department.pk == agency.pk:
        raise ValidationFailed(
            "请选择区人民政府确定的房屋征收部门（例如区房管局）。",
            field="expropriation_department_id",
        )
    if not data.households:
        raise ValidationFailed("请至少登记一户被征收房屋。", field="households")
    with transaction.atomic():
        owners = [
            case_actions.find_or_register_party(user, row.owner).party for row in data.households
        ]
        case = case_actions.open_case(
            user,
            case_actions.CaseInput(
                kind=CaseKind.HOUSING_EXPROPRIATION,
                title=f"{name}房屋征收",
                department_id=data.department_id,
                opened_on=data.opened_on,
                party_ids=list(dict.fromkeys(owner.pk for owner in owners)),
                officer_ids=data.officer_ids,
                power_item_ids=data.power_item_ids,
            ),
        )
        project = ExpropriationProject.objects.create(
            case=case,
            name=name,
            area_description=area,
            expropriation_department=department,
            budgeted_compensation=budget,
        )
        for row in data.households:
            add_household(user, project, row)
        audit.record(
            "expropriation_project_registered",
            actor=user,
            target=project,
            agency_id=agency.pk,
            detail={"case": case.number, "department": department.short_name},
        )
    logger.info("expropriation project %s registered on case %s", project.pk, case.pk)
    return project


def floor_area(value: Decimal | str | None) -> Decimal:
    """Return the floor area in square metres: positive, at most two decimals, fits the column."""
    try:
        area = Decimal(str(value if value is not None else ""))
    except InvalidOperation:
        area = Decimal("NaN")
    if area.is_finite() and area > MAX_FLOOR_AREA:
        raise ValidationFailed(
            f"“建筑面积”{value}平方米超出可登记的范围（最大 {MAX_FLOOR_AREA} 平方米），请核对。",
            field="floor_area",
        )
    # The range check comes first because quantize fails on values beyond its precision.
    if not area.is_finite() or area <= 0 or area != area.quantize(Decimal("0.01")):
        raise ValidationFailed(
            f"“建筑面积”“{value}”无效，请填写大于零、最多两位小数的平方米数，例如 60.50。",
            field="floor_area",
        )
    return area.quantize(Decimal("0.01"))


def add_household(user: User, project: ExpropriationProject, data: HouseholdInput) -> Household:
    """Register one household of the project (Art. 15 survey) and make its owner a party.

    Only users of a district government may add one, and only to a case in their scope.
    """
    require(user, Capability.MANAGE_CASES)
    _require_government(user, "被征收户")
    number = required_text(data.number, "number", "户号", 40)
    address = required_text(data.address, "address", "房屋坐落", 200)
    area = floor_area(data.floor_area)
    with transaction.atomic():
        case = lock_case(user, project.case_id)
        if project.households.filter(number=number).exists():
            raise ValidationFailed(f"户号“{number}”已登记，请核对。", field="number")
        owner = case_actions.find_or_register_party(user, data.owner).party
        household = Household.objects.create(
            project=project, number=number, owner=owner, address=address, floor_area=area
        )
        CaseParty.objects.get_or_create(case=case, party=owner)
        audit.record(
            "household_registered",
            actor=user,
            target=household,
            agency_id=case.agency_id,
            detail={"project": project.pk, "number": number},
        )
    return household
