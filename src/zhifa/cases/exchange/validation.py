"""Checking every record of a batch before anything is written.

The checks collect every problem of every record, so a source system can fix a whole batch
in one pass. Lookups (agencies, departments, power items, cases already exchanged) are loaded
once per batch.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.scope import scope_for
from zhifa.agencies.models import Agency, Department
from zhifa.cases.exchange import vocabulary
from zhifa.cases.exchange.hooks import ExchangedDecisionFacts, exchanged_decision_problems
from zhifa.cases.exchange.parties import PartyIdentity, normalized_id_number, normalized_uscc
from zhifa.cases.exchange.records import RawRecord, RecordError
from zhifa.cases.models import Case, CaseKind, CaseStatus, ExchangeSource, PartyKind, Stage
from zhifa.cases.stages import procedure_for
from zhifa.catalog.models import PowerItem
from zhifa.core.identifiers import normalize

RECORD_KEYS = {
    "source_id",
    "agency",
    "department",
    "kind",
    "number",
    "title",
    "opened_on",
    "stage",
    "status",
    "closed_on",
    "parties",
    "power_items",
    "decision",
}
PARTY_KEYS = {"type", "name", "id_number", "uscc", "identifier"}
DECISION_KEYS = {
    "decided_on",
    "penalty_types",
    "fine_amount",
    "document_number",
    "legal_review_conclusion",
    "legal_review_date",
    "legal_review_body",
}
MAX_REVIEW_BODY = 100

# Field lengths of Case, Party and ExchangedDecision.
MAX_SOURCE_ID = 100
MAX_NUMBER = 80
MAX_TITLE = 300
MAX_PARTY_NAME = 200
MAX_DOCUMENT_NUMBER = 100
# ExchangedDecision.fine_amount has 14 digits, 2 of them after the point.
MAX_FINE = Decimal("999999999999.99")

# Dates written as 2026-01-05, 2026/1/5, 2026.1.5 or 2026年1月5日.
DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
PENALTY_KINDS = {CaseKind.PENALTY_SUMMARY, CaseKind.PENALTY_ORDINARY}


@dataclass(frozen=True)
class ReviewData:
    """The legal review (法制审核) the source system reports for a decision."""

    conclusion: str
    reviewed_on: datetime.date
    body: str


@dataclass(frozen=True)
class DecisionData:
    decided_on: datetime.date
    penalty_types: list[str]
    fine_amount: Decimal | None
    document_number: str
    review: ReviewData | None = None


@dataclass
class ValidRecord:
    """One record that passed every check, with its lookups resolved."""

    location: str
    source_id: str
    agency: Agency
    department: Department
    kind: str
    number: str
    title: str
    opened_on: datetime.date
    stage: str
    status: str
    closed_on: datetime.date | None
    parties: list[PartyIdentity]
    power_items: list[PowerItem]
    decision: DecisionData | None
    existing: Case | None = None


@dataclass
class _Lookups:
    """Everything a batch is checked against, loaded once."""

    agencies: list[Agency]
    departments: dict[tuple[int, str], Department]
    power_items: dict[tuple[int, str], PowerItem]
    existing: dict[str, Case]
    # Case number to the (source, source_id) of the case that already uses it.
    numbers: dict[str, tuple[str, str]]
    today: datetime.date
    user: User | None
    source_code: str


def validate_batch(
    user: User | None, source: ExchangeSource, records: list[RawRecord]
) -> tuple[list[ValidRecord], list[RecordError]]:
    """Check every record; the valid ones are returned only to be written if errors is empty."""
    lookups = _load_lookups(user, source, records)
    valid: list[ValidRecord] = []
    errors: list[RecordError] = []
    first_of_source_id: dict[str, str] = {}
    first_of_number: dict[str, str] = {}
    for record in records:
        checker = _RecordChecker(record, lookups)
        result = checker.check()
        _check_batch_duplicates(checker, first_of_source_id, first_of_number)
        errors += checker.errors
        if result is not None and not checker.errors:
            valid.append(result)
    return valid, errors


def _load_lookups(user: User | None, source: ExchangeSource, records: list[RawRecord]) -> _Lookups:
    source_ids = [record.source_id for record in records if record.source_id]
    numbers = [
        str(record.data["number"]).strip()
        for record in records
        if isinstance(record.data.get("number"), str | int)
    ]
    existing = {
        case.source_id: case
        for case in Case.objects.filter(source=source.code, source_id__in=source_ids)
        .select_related("agency")
        .prefetch_related("exchanged_decision")
    }
    used_numbers = {
        number: (case_source, case_source_id)
        for number, case_source, case_source_id in Case.objects.filter(
            number__in=numbers
        ).values_list("number", "source", "source_id")
    }
    return _Lookups(
        agencies=list(Agency.objects.all()),
        departments={(d.agency_id, d.name): d for d in Department.objects.all()},
        power_items={(item.agency_id, item.code): item for item in PowerItem.objects.all()},
        existing=existing,
        numbers=used_numbers,
        today=timezone.localdate(),
        user=user,
        source_code=source.code,
    )


def _check_batch_duplicates(
    checker: "_RecordChecker", first_of_source_id: dict[str, str], first_of_number: dict[str, str]
) -> None:
    record = checker.record
    source_id = record.source_id
    if source_id:
        if source_id in first_of_source_id:
            checker.add(
                "source_id",
                f"与{first_of_source_id[source_id]}的来源编号重复，同一批次中每个案件只能出现一次。",
            )
        else:
            first_of_source_id[source_id] = record.location
    number = checker.number
    if number:
        if number in first_of_number:
            checker.add("number", f"与{first_of_number[number]}的案号“{number}”重复。")
        else:
            first_of_number[number] = record.location


class _RecordChecker:
    """The checks of one record; problems are collected in ``errors``."""

    def __init__(self, record: RawRecord, lookups: _Lookups):
        self.record = record
        self.lookups = lookups
        self.errors: list[RecordError] = []
        self.number = ""

    def add(self, field_path: str, message: str) -> None:
        self.errors.append(
            RecordError(self.record.location, self.record.source_id, field_path, message)
        )

    # --- Scalar fields -------------------------------------------------------------------------

    def text(self, data: dict[str, Any], key: str, path: str, max_length: int) -> str:
        """Return the stripped text of a required field, or "" after adding an error."""
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(path, "未填写。")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.add(path, f"应为文本，实际为“{value}”。")
            return ""
        text = str(value).strip()
        if len(text) > max_length:
            self.add(path, f"不能超过{max_length}个字符，实际为{len(text)}个。")
            return ""
        return text

    def date(
        self, data: dict[str, Any], key: str, path: str, *, required: bool
    ) -> datetime.date | None:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.add(path, "未填写。")
            return None
        day = _parse_date(value)
        if day is None:
            self.add(path, f"“{value}”不是有效日期，请写成 2026-01-05 的形式。")
            return None
        if day > self.lookups.today:
            self.add(path, f"{day.isoformat()}晚于今天。")
            return None
        return day

    def choice(
        self,
        data: dict[str, Any],
        key: str,
        path: str,
        mapping: dict[str, str],
        choices: list[tuple[str, str]],
    ) -> str:
        value = data.get(key)
        if value is None or value == "":
            self.add(path, "未填写。")
            return ""
        code = mapping.get(str(value).strip())
        if code is None:
            self.add(path, f"“{value}”无效，应为以下之一：{vocabulary.describe(choices)}。")
            return ""
        return code

    # --- The record ----------------------------------------------------------------------------

    def check(self) -> ValidRecord | None:
        data = self.record.data
        if "_not_an_object" in data:
            self.add("", "应为一个对象（键值对），实际不是。")
            return None
        unknown = sorted(str(key) for key in data if key not in RECORD_KEYS)
        if unknown:
            self.add("", f"含有不认识的字段：{'、'.join(unknown)}；字段名见数据交换说明。")

        source_id = self.text(data, "source_id", "source_id", MAX_SOURCE_ID)
        agency = self.agency(data.get("agency"))
        department = self.department(agency, data.get("department"))
        kind = self.choice(data, "kind", "kind", vocabulary.KINDS, CaseKind.choices)
        self.number = self.text(data, "number", "number", MAX_NUMBER)
        title = self.text(data, "title", "title", MAX_TITLE)
        opened_on = self.date(data, "opened_on", "opened_on", required=True)
        stage = self.stage(data, kind)
        status = self.choice(data, "status", "status", vocabulary.STATUSES, CaseStatus.choices)
        closed_on = self.closed_on(data, status, stage, opened_on)
        parties = self.parties(data.get("parties"))
        power_items = self.power_items(agency, data.get("power_items"))
        decision = self.decision(data.get("decision"), kind, stage, opened_on, closed_on)
        existing = self.existing(source_id, agency, kind)
        self.number_free(source_id)
        if decision is not None and agency is not None and parties and power_items is not None:
            self.review_gate(agency, kind, parties, power_items, decision)

        if (
            self.errors
            or agency is None
            or department is None
            or opened_on is None
            or parties is None
            or power_items is None
        ):
            return None
        return ValidRecord(
            location=self.record.location,
            source_id=source_id,
            agency=agency,
            department=department,
            kind=kind,
            number=self.number,
            title=title,
            opened_on=opened_on,
            stage=stage,
            status=status,
            closed_on=closed_on,
            parties=parties,
            power_items=power_items,
            decision=decision,
            existing=existing,
        )

    def agency(self, value: Any) -> Agency | None:
        if value is None or not str(value).strip():
            self.add("agency", "未填写。")
            return None
        text = str(value).strip()
        code = normalize(text)
        matches = [a for a in self.lookups.agencies if a.name == text]
        matches = matches or [a for a in self.lookups.agencies if a.uscc and a.uscc == code]
        matches = matches or [a for a in self.lookups.agencies if a.short_name == text]
        if not matches:
            self.add("agency", f"平台中没有名称、简称或统一社会信用代码为“{text}”的执法主体。")
            return None
        if len(matches) > 1:
            self.add("agency", f"“{text}”对应多个执法主体，请改用全称或统一社会信用代码。")
            return None
        agency = matches[0]
        user = self.lookups.user
        if user is not None and not scope_for(user).includes(agency.pk):
            self.add("agency", f"“{agency.name}”不在您的管理范围内，不能导入其案件。")
            return None
        return agency

    def department(self, agency: Agency | None, value: Any) -> Department | None:
        if value is None or not str(value).strip():
            self.add("department", "未填写。")
            return None
        if agency is None:
            return None
        name = str(value).strip()
        department = self.lookups.departments.get((agency.pk, name))
        if department is None:
            self.add(
                "department",
                f"“{name}”不是“{agency.name}”的内设部门，请先在执法主体信息中登记该部门。",
            )
        return department

    def stage(self, data: dict[str, Any], kind: str) -> str:
        stage = self.choice(data, "stage", "stage", vocabulary.STAGES, Stage.choices)
        if not stage or not kind:
            return stage
        stages = procedure_for(kind).stages
        if stage not in stages:
            allowed = "、".join(Stage(value).label for value in stages)
            self.add(
                "stage",
                f"“{CaseKind(kind).label}”案件没有“{Stage(stage).label}”阶段，应为：{allowed}。",
            )
            return ""
        return stage

    def closed_on(
        self, data: dict[str, Any], status: str, stage: str, opened_on: datetime.date | None
    ) -> datetime.date | None:
        closed_on = self.date(data, "closed_on", "closed_on", required=status == CaseStatus.CLOSED)
        if status == CaseStatus.OPEN and closed_on is not None:
            self.add("closed_on", "状态为办理中的案件不应有结案日期。")
            return None
        if status == CaseStatus.CLOSED and stage and stage != Stage.CLOSING:
            self.add("stage", "已结案的案件，当前阶段应为“结案”。")
        if closed_on is not None and opened_on is not None and closed_on < opened_on:
            self.add(
                "closed_on",
                f"结案日期{closed_on.isoformat()}早于立案日期{opened_on.isoformat()}。",
            )
            return None
        return closed_on

    def existing(self, source_id: str, agency: Agency | None, kind: str) -> Case | None:
        """Return the copy of an earlier import; its agency, kind and number cannot change."""
        case = self.lookups.existing.get(source_id)
        if case is None:
            return None
        if agency is not None and case.agency_id != agency.pk:
            self.add("agency", f"此前导入时为“{case.agency.name}”，执法主体不能变更。")
        if kind and case.kind != kind:
            self.add("kind", f"此前导入时为“{case.get_kind_display()}”，案件类型不能变更。")
        if self.number and case.number != self.number:
            self.add("number", f"此前导入时为“{case.number}”，案号不能变更。")
        return case

    def number_free(self, source_id: str) -> None:
        holder = self.lookups.numbers.get(self.number)
        if holder is None or holder == (self.lookups.source_code, source_id):
            return
        self.add("number", f"案号“{self.number}”已被平台中的另一案件使用。")

    # --- Lists ---------------------------------------------------------------------------------

    def parties(self, value: Any) -> list[PartyIdentity] | None:
        if not isinstance(value, list) or not value:
            self.add("parties", "至少须有一个当事人。")
            return None
        parties: list[PartyIdentity] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(value):
            path = f"parties[{index}]"
            if not isinstance(item, dict):
                self.add(path, "应为一个对象，含 type、name 和证件号码。")
                continue
            party = self.party(item, path)
            if party is None:
                continue
            number = party.uscc or party.id_number
            if number in seen:
                self.add(path, f"与第{seen[number] + 1}个当事人的证件号码相同。")
                continue
            seen[number] = index
            parties.append(party)
        return parties if len(parties) == len(value) else None

    def party(self, item: dict[str, Any], path: str) -> PartyIdentity | None:
        errors_before = len(self.errors)
        unknown = sorted(str(key) for key in item if key not in PARTY_KEYS)
        if unknown:
            self.add(path, f"含有不认识的字段：{'、'.join(unknown)}。")
        kind = self.choice(item, "type", f"{path}.type", vocabulary.PARTY_KINDS, PartyKind.choices)
        name = self.text(item, "name", f"{path}.name", MAX_PARTY_NAME)
        numbers = {}
        for key in ("identifier", "id_number", "uscc"):
            value = item.get(key)
            if value is None or value == "":
                continue
            if not isinstance(value, str):
                self.add(
                    f"{path}.{key}",
                    "证件号码应为文本；Excel 中请把该列设为文本格式，否则长数字会失真。",
                )
                continue
            numbers[key] = value.strip()
        if len(self.errors) > errors_before or not kind:
            return None
        return self.party_numbers(kind, name, numbers, path)

    def party_numbers(
        self, kind: str, name: str, numbers: dict[str, str], path: str
    ) -> PartyIdentity | None:
        """Validate the ID number or USCC that the party type requires."""
        identifier = numbers.pop("identifier", "")
        id_text = numbers.get("id_number", "")
        uscc_text = numbers.get("uscc", "")
        if identifier:
            if kind == PartyKind.NATURAL_PERSON or (
                kind == PartyKind.INDIVIDUAL_BUSINESS and normalized_uscc(identifier) is None
            ):
                id_text = id_text or identifier
            else:
                uscc_text = uscc_text or identifier
        field_path = f"{path}.identifier" if identifier else None

        id_number = ""
        if id_text:
            id_number = normalized_id_number(id_text) or ""
            if not id_number:
                self.add(field_path or f"{path}.id_number", f"身份证号“{id_text}”无效。")
        uscc = ""
        if uscc_text:
            uscc = normalized_uscc(uscc_text) or ""
            if not uscc:
                self.add(field_path or f"{path}.uscc", f"统一社会信用代码“{uscc_text}”无效。")
        if (id_text and not id_number) or (uscc_text and not uscc):
            return None

        if kind == PartyKind.NATURAL_PERSON and not id_number:
            self.add(field_path or f"{path}.id_number", "自然人须填写有效的居民身份证号。")
            return None
        if kind == PartyKind.NATURAL_PERSON and uscc:
            self.add(f"{path}.uscc", "自然人不应填写统一社会信用代码。")
            return None
        if kind in (PartyKind.LEGAL_PERSON, PartyKind.OTHER_ORGANIZATION) and not uscc:
            self.add(field_path or f"{path}.uscc", "法人和非法人组织须填写有效的统一社会信用代码。")
            return None
        if kind == PartyKind.INDIVIDUAL_BUSINESS and not (uscc or id_number):
            self.add(
                field_path or f"{path}.uscc", "个体工商户须填写统一社会信用代码或经营者身份证号。"
            )
            return None
        if not name:
            return None
        return PartyIdentity(kind, name, id_number=id_number, uscc=uscc)

    def power_items(self, agency: Agency | None, value: Any) -> list[PowerItem] | None:
        if value is None or value == "":
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.add("power_items", "应为执法事项编码的列表。")
            return None
        if agency is None:
            return None
        items: list[PowerItem] = []
        missing: list[str] = []
        for code in dict.fromkeys(str(code).strip() for code in value if str(code).strip()):
            item = self.lookups.power_items.get((agency.pk, code))
            if item is None:
                missing.append(code)
            else:
                items.append(item)
        if missing:
            self.add(
                "power_items",
                f"“{agency.name}”的权责清单中没有以下事项编码：{'、'.join(missing)}。",
            )
            return None
        return items

    # --- The decision --------------------------------------------------------------------------

    def decision(
        self,
        value: Any,
        kind: str,
        stage: str,
        opened_on: datetime.date | None,
        closed_on: datetime.date | None,
    ) -> DecisionData | None:
        if value is None or value == {}:
            return None
        if not isinstance(value, dict):
            self.add("decision", "应为一个对象，含 decided_on、penalty_types 等字段。")
            return None
        if kind and kind not in PENALTY_KINDS:
            self.add("decision", "只有行政处罚案件可以报送处罚决定。")
            return None
        if (
            kind
            and stage
            and procedure_for(kind).index(stage) < procedure_for(kind).index(Stage.DECISION)
        ):
            self.add("decision", f"案件当前处于“{Stage(stage).label}”阶段，尚未作出决定。")
        errors_before = len(self.errors)
        unknown = sorted(str(key) for key in value if key not in DECISION_KEYS)
        if unknown:
            self.add("decision", f"含有不认识的字段：{'、'.join(unknown)}。")

        decided_on = self.date(value, "decided_on", "decision.decided_on", required=True)
        if decided_on and opened_on and decided_on < opened_on:
            self.add("decision.decided_on", "决定日期早于立案日期。")
        if decided_on and closed_on and decided_on > closed_on:
            self.add("decision.decided_on", "决定日期晚于结案日期。")
        penalty_types = self.penalty_types(value.get("penalty_types"))
        fine_amount = self.fine_amount(value.get("fine_amount"), penalty_types)
        document_number = self.text(
            value, "document_number", "decision.document_number", MAX_DOCUMENT_NUMBER
        )
        review = self.review(value, decided_on)
        if len(self.errors) > errors_before or decided_on is None:
            return None
        return DecisionData(decided_on, penalty_types, fine_amount, document_number, review)

    def review_gate(
        self,
        agency: Agency,
        kind: str,
        parties: list[PartyIdentity],
        power_items: list[PowerItem],
        decision: DecisionData,
    ) -> None:
        """Refuse a major decision reported without an approved legal review (hooks)."""
        facts = ExchangedDecisionFacts(
            agency_id=agency.pk,
            kind=kind,
            party_kinds=frozenset(party.kind for party in parties),
            power_item_codes=tuple(item.code for item in power_items),
            decided_on=decision.decided_on,
            penalty_types=tuple(decision.penalty_types),
            fine_amount=decision.fine_amount,
            review_conclusion=decision.review.conclusion if decision.review else None,
            reviewed_on=decision.review.reviewed_on if decision.review else None,
            review_body=decision.review.body if decision.review else "",
        )
        for problem in exchanged_decision_problems(facts):
            self.add("decision.legal_review_conclusion", problem)

    def review(self, value: dict[str, Any], decided_on: datetime.date | None) -> ReviewData | None:
        """Read the reported legal review; all three fields or none of them."""
        keys = ("legal_review_conclusion", "legal_review_date", "legal_review_body")
        if all(value.get(key) in (None, "") for key in keys):
            return None
        raw = str(value.get("legal_review_conclusion") or "").strip()
        conclusion = vocabulary.REVIEW_CONCLUSIONS.get(raw)
        if conclusion is None:
            choices = list(vocabulary.REVIEW_CONCLUSION_LABELS.items())
            self.add(
                "decision.legal_review_conclusion",
                f"“{raw}”无效，应为以下之一：{vocabulary.describe(choices)}。",
            )
        reviewed_on = self.date(
            value, "legal_review_date", "decision.legal_review_date", required=True
        )
        if reviewed_on and decided_on and reviewed_on > decided_on:
            self.add("decision.legal_review_date", "法制审核日期晚于决定日期，审核应在决定之前。")
        body = self.text(value, "legal_review_body", "decision.legal_review_body", MAX_REVIEW_BODY)
        if conclusion is None or reviewed_on is None or not body:
            return None
        return ReviewData(conclusion, reviewed_on, body)

    def penalty_types(self, value: Any) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            self.add("decision.penalty_types", "至少须有一种处罚种类。")
            return []
        codes: list[str] = []
        for item in value:
            code = vocabulary.PENALTIES.get(str(item).strip())
            if code is None:
                choices = list(vocabulary.PENALTY_TYPES.items())
                self.add(
                    "decision.penalty_types",
                    f"“{item}”无效，应为以下之一：{vocabulary.describe(choices)}。",
                )
            elif code not in codes:
                codes.append(code)
        return codes

    def fine_amount(self, value: Any, penalty_types: list[str]) -> Decimal | None:
        has_fine = "fine" in penalty_types
        if value is None or value == "":
            if has_fine:
                self.add("decision.fine_amount", "处罚种类含罚款，须填写罚款金额。")
            return None
        amount = _parse_amount(value)
        if amount is None:
            self.add("decision.fine_amount", f"“{value}”不是有效金额，请写成 1500 或 1500.50。")
            return None
        if amount <= 0 or amount > MAX_FINE or amount != amount.quantize(Decimal("0.01")):
            self.add(
                "decision.fine_amount",
                f"金额“{value}”无效：须大于0、不超过{MAX_FINE}元，最多两位小数。",
            )
            return None
        if not has_fine:
            self.add("decision.fine_amount", "处罚种类不含罚款，不应填写罚款金额。")
            return None
        return amount.quantize(Decimal("0.01"))


def _parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = DATE_PATTERN.match(str(value).strip())
    if match is None:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _parse_amount(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None
