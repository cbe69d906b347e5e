"""Agency B's licensing objects for the scope walk test of the back office."""

import datetime
from typing import cast

from django.db.models import Model

from zhifa.agencies.models import Agency, Department
from zhifa.cases.models import Case, CaseKind, Party
from zhifa.catalog.models import PowerItem
from zhifa.licensing.models import DisposalKind, Licence, LicenceDecision, LicenceStatus


def agency_b_objects(base: dict[type[Model], Model]) -> dict[type[Model], Model]:
    """Create a licence of agency B and a later decision on it, with their cases."""
    agency = cast(Agency, base[Agency])
    department = cast(Department, base[Department])
    holder = cast(Party, base[Party])
    power_item = cast(PowerItem, base[PowerItem])
    day = datetime.date(2026, 3, 2)
    licensing_case = Case.objects.create(
        agency=agency,
        department=department,
        kind=CaseKind.LICENSING,
        number="乙单位许〔2026〕1号",
        number_year=2026,
        number_sequence=101,
        title="乙单位许可案件",
        opened_on=day,
    )
    licence = Licence.objects.create(
        agency=agency,
        case=licensing_case,
        holder=holder,
        power_item=power_item,
        number="B-XK-0001",
        certificate_name="乙单位许可证",
        content="乙单位许可内容",
        decided_on=day,
        valid_from=day,
        valid_to=datetime.date(2031, 3, 1),
        issued_on=day,
    )
    disposal_case = Case.objects.create(
        agency=agency,
        department=department,
        kind=CaseKind.LICENSE_DISPOSAL,
        number="乙单位许处〔2026〕1号",
        number_year=2026,
        number_sequence=102,
        title="乙单位注销案件",
        opened_on=day,
    )
    decision = LicenceDecision.objects.create(
        licence=licence,
        case=disposal_case,
        kind=DisposalKind.CANCELLATION,
        decided_on=day,
        grounds="乙单位注销理由",
        status_before=LicenceStatus.VALID,
        status_after=LicenceStatus.CANCELLED,
    )
    return {Licence: licence, LicenceDecision: decision}
