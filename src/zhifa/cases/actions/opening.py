"""Opening a case (立案、启动) and registering its parties in the district register."""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import Department
from zhifa.cases import stages
from zhifa.cases.actions._common import (
    StepInput,
    append_step,
    case_domains,
    officer_facts,
    officers_of_agency,
    raise_if_refused,
    require,
    required_date,
    required_text,
)
from zhifa.cases.models import Case, CaseFlag, CaseKind, CaseParty, Party, PartyKind
from zhifa.cases.numbering import take_number
from zhifa.cases.rules import officers as officer_rules
from zhifa.catalog.models import PowerItem
from zhifa.core.errors import NotPermitted, ValidationFailed
from zhifa.core.identifiers import check_id_number, check_uscc, convert_legacy_id

logger = logging.getLogger(__name__)


# --- Parties -----------------------------------------------------------------------------------


@dataclass
class PartyInput:
    """A party as entered: a natural person by ID number, an organisation by its USCC."""

    kind: str
    name: str
    id_number: str = ""
    uscc: str = ""
    legal_representative: str = ""
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class PartyRegistration:
    """The registered party; ``differences`` lists entered values that differ from the register."""

    party: Party
    created: bool
    differences: list[str]


def _identifier(data: PartyInput) -> tuple[str, str]:
    """Return the lookup field and the normalised identifier, or raise for an invalid one."""
    if data.kind not in PartyKind.values:
        raise ValidationFailed("请选择“当事人类型”。", field="kind")
    if data.kind == PartyKind.NATURAL_PERSON:
        result = check_id_number(data.id_number or "")
        if not result.valid:
            raise ValidationFailed(f"身份证号无效：{result.reason}。", field="id_number")
        number = convert_legacy_id(result.normalized) if result.legacy else result.normalized
        return "id_number", number
    if data.kind == PartyKind.INDIVIDUAL_BUSINESS and not data.uscc.strip():
        # An individual business without a USCC is registered by its operator's ID number.
        result = check_id_number(data.id_number or "")
        if not result.valid:
            raise ValidationFailed(
                f"个体工商户请填写统一社会信用代码或经营者身份证号；身份证号无效：{result.reason}。",
                field="id_number",
            )
        number = convert_legacy_id(result.normalized) if result.legacy else result.normalized
        return "id_number", number
    uscc = check_uscc(data.uscc or "")
    if not uscc.valid:
        raise ValidationFailed(f"统一社会信用代码无效：{uscc.reason}。", field="uscc")
    return "uscc", uscc.normalized


def find_or_register_party(user: User, data: PartyInput) -> PartyRegistration:
    """Return the party with the entered ID number or USCC, registering it when new.

    The register is district-wide, so the same number always returns the same party. A name
    or other detail that differs from the register is reported in ``differences`` and never
    overwrites the stored value.
    """
    require(user, Capability.MANAGE_CASES)
    name = required_text(data.name, "name", "姓名或名称", 200)
    lookup, number = _identifier(data)

    existing = Party.objects.filter(**{lookup: number}).first()
    if existing is not None:
        return PartyRegistration(existing, False, _differences(existing, data, name))

    try:
        with transaction.atomic():
            party = Party.objects.create(
                kind=data.kind,
                name=name,
                legal_representative=data.legal_representative.strip()[:60],
                address=data.address.strip()[:200],
                phone=data.phone.strip()[:40],
                **{lookup: number},
            )
            audit.record(
                "party_registered",
                actor=user,
                target=party,
                agency_id=user.agency_id,
                detail={"kind": data.kind},
            )
    except IntegrityError:
        # Another officer registered the same number at the same moment.
        party = Party.objects.get(**{lookup: number})
        return PartyRegistration(party, False, _differences(party, data, name))
    logger.info("party %s registered", party.pk)
    return PartyRegistration(party, True, [])


def _differences(party: Party, data: PartyInput, name: str) -> list[str]:
    differences = []
    if party.name != name:
        differences.append(f"登记的名称为“{party.name}”，本次填写为“{name}”")
    if party.kind != data.kind:
        differences.append(
            f"登记的当事人类型为“{party.get_kind_display()}”，本次填写为“{PartyKind(data.kind).label}”"
        )
    if data.address.strip() and party.address and party.address != data.address.strip():
        differences.append(f"登记的地址为“{party.address}”，本次填写为“{data.address.strip()}”")
    return differences


# --- Opening a case ----------------------------------------------------------------------------


@dataclass
class CaseInput:
    """The data an officer enters to open a case; the agency is always the user's own."""

    kind: str
    title: str
    department_id: int | None
    opened_on: datetime.date
    party_ids: list[int]
    officer_ids: list[int]
    power_item_ids: list[int] = field(default_factory=list)
    violation_date: datetime.date | None = None
    flags: list[str] = field(default_factory=list)


# 行政处罚法 Art. 42: at least two officers with enforcement qualification handle a penalty.
# An inspection or a summary case is opened by the officer on site; its on-site steps apply
# the two-officer rule, with the configured exceptions.
MIN_HANDLING_OFFICERS: dict[str, int] = {CaseKind.PENALTY_ORDINARY: 2}


def _check_handling_officers(user: User, kind: str, officer_ids: list[int], case: Case) -> None:
    officers = officers_of_agency(case, officer_ids, "officer_ids")
    minimum = MIN_HANDLING_OFFICERS.get(kind, 1)
    if len(officers) < minimum:
        raise ValidationFailed(
            f"“{CaseKind(kind).label}”案件须指定不少于{minimum}名承办执法人员。",
            field="officer_ids",
        )
    domains = case_domains(case, case.opened_on)
    for officer in officers:
        outcome = officer_rules.check_officer_credential(
            officer_facts(officer, case.opened_on), case.opened_on, domains
        )
        raise_if_refused(outcome, "officer_ids")
    case.officers.set(officers)


def open_case(user: User, data: CaseInput) -> Case:
    """Open a case of the user's agency: number it, link parties and officers, record the start.

    The number comes from ``take_number`` in the same transaction, so a failed opening gives
    the number back. Raises ``ValidationFailed`` naming the field, ``NotPermitted`` without the
    case capability or an agency.
    """
    require(user, Capability.MANAGE_CASES)
    agency = user.agency
    if agency is None:
        raise NotPermitted("您的账号未关联执法主体，不能立案。")
    if data.kind not in CaseKind.values:
        raise ValidationFailed("请选择“案件类型”。", field="kind")
    title = required_text(data.title, "title", "案由", 300)
    opened_on = required_date(data.opened_on, "opened_on", "立案（启动）日期")
    if data.violation_date is not None and data.violation_date > opened_on:
        raise ValidationFailed("“违法行为发生日期”不能晚于立案日期。", field="violation_date")
    department = (
        Department.objects.filter(pk=data.department_id, agency=agency).first()
        if data.department_id is not None
        else None
    )
    if department is None:
        raise ValidationFailed(f"请选择“{agency.short_name}”的承办部门。", field="department_id")
    unknown_flags = set(data.flags) - set(CaseFlag.values)
    if unknown_flags:
        raise ValidationFailed("“案件情形”含有无效选项，请重新选择。", field="flags")
    power_items = list(PowerItem.objects.filter(pk__in=data.power_item_ids, agency=agency))
    if len(power_items) != len(set(data.power_item_ids)):
        raise ValidationFailed("所选执法事项不在本单位权责清单中。", field="power_item_ids")
    parties = list(Party.objects.filter(pk__in=data.party_ids))
    if not parties or len(parties) != len(set(data.party_ids)):
        raise ValidationFailed("请选择已登记的当事人。", field="party_ids")

    procedure = stages.procedure_for(data.kind)
    with transaction.atomic():
        taken = take_number(agency, f"case:{data.kind}", opened_on.year)
        case = Case.objects.create(
            agency=agency,
            department=department,
            kind=data.kind,
            number=taken.text,
            number_year=taken.year,
            number_sequence=taken.sequence,
            title=title,
            stage=procedure.first_stage,
            opened_on=opened_on,
            violation_date=data.violation_date,
            flags=sorted(set(data.flags)),
            created_by=user,
        )
        case.power_items.set(power_items)
        CaseParty.objects.bulk_create([CaseParty(case=case, party=party) for party in parties])
        _check_handling_officers(user, data.kind, data.officer_ids, case)
        audit.record(
            "case_opened",
            actor=user,
            target=case,
            agency_id=agency.pk,
            detail={"kind": data.kind, "number": case.number},
        )
        if procedure.step("case_opened") is not None:
            append_step(
                user,
                case,
                StepInput(
                    step="case_opened",
                    occurred_at=timezone.now(),
                    summary=f"登记案件：{title}",
                    officer_ids=list(case.officers.values_list("pk", flat=True)),
                ),
            )
    logger.info("case %s opened as %s", case.pk, case.number)
    return case
