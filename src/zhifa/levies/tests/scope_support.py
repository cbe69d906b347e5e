"""Agency B's levies objects for the back-office scope walk."""

import datetime
from decimal import Decimal

from django.db.models import Model

from zhifa.agencies.models import Agency
from zhifa.cases.models import Case, Party
from zhifa.levies.models import ExpropriationProject, Household


def agency_b_objects(base: dict[type[Model], Model]) -> dict[type[Model], Model]:
    """Create one expropriation project and one household on agency B's case."""
    case = base[Case]
    assert isinstance(case, Case)
    owner = base[Party]
    assert isinstance(owner, Party)
    agency = base[Agency]
    assert isinstance(agency, Agency)
    project = ExpropriationProject.objects.create(
        case=case,
        name="乙单位标记征收项目",
        area_description="乙单位标记范围",
        expropriation_department=agency,
        budgeted_compensation=Decimal("1000000.00"),
    )
    household = Household.objects.create(
        project=project,
        number="B-001",
        owner=owner,
        address="乙单位标记房屋",
        floor_area=Decimal("50.00"),
        valued_on=datetime.date(2026, 3, 1),
    )
    return {ExpropriationProject: project, Household: household}
