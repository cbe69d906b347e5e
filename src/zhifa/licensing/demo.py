"""Invented licensing cases for the demo (演示许可案件), in every stage, made through the actions.

Three Qingpu agencies whose power lists contain a licence item get ten applications each.
They wait for acceptance, lack materials, are rejected, under review or at a hearing, are
refused, or granted and closed. Two are granted on commitment, with the follow-up overdue or
done, and one has an extension and an expert review. The food business licences of
区市场监管局 also get one annulment and one cancellation, and 区交通委 one change in
progress. Each case title ends with a marker such as "（演示许可12-03）". A case whose
marker exists is skipped, so a second load changes nothing.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency, CredentialStatus, Department, Officer
from zhifa.cases import actions as case_actions
from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.models import Case, CaseKind, Party
from zhifa.catalog.models import PowerCategory, PowerItem
from zhifa.core.errors import ZhifaError
from zhifa.demo.cases_demo import demo_party
from zhifa.evidence import demo as evidence_demo
from zhifa.licensing import actions
from zhifa.licensing.models import Licence
from zhifa.review import demo as review_demo

logger = logging.getLogger(__name__)

SHANGHAI = ZoneInfo("Asia/Shanghai")
LICENSING_AGENCIES = ("区市场监管局", "区交通委", "区文旅局")
# Stops of the ten applications of each agency, in order.
STOPS = (
    "received",
    "supplement",
    "rejected",
    "review",
    "hearing",
    "refused",
    "granted_closed",
    "commitment_overdue",
    "commitment_done",
    "extended",
)
# Days before today on which each application arrives.
DAYS_AGO = {
    "received": 2,
    "supplement": 6,
    "rejected": 60,
    "review": 12,
    "hearing": 16,
    "refused": 50,
    "granted_closed": 90,
    "commitment_overdue": 110,
    "commitment_done": 100,
    "extended": 30,
}
PARTY_OFFSET = 500


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def wd(day: datetime.date, days: int) -> datetime.date:
    return CALENDAR.add_working_days(day, days)


def step(code: str, day: datetime.date, summary: str, **values: Any) -> case_actions.StepInput:
    return case_actions.StepInput(step=code, occurred_at=at(day), summary=summary, **values)


@dataclass
class Cast:
    agency: Agency
    department: Department
    handler: User
    head: User
    officers: list[Officer]
    item: PowerItem
    item_name: str


def _user(
    username: str, full_name: str, cast_agency: Agency, role: str, department: Department
) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            password=None,
            full_name=full_name,
            agency=cast_agency,
            department=department,
        )
        user.groups.add(Group.objects.get(name=role))
    return user


def _officers(agency: Agency, since: datetime.date, today: datetime.date) -> list[Officer]:
    """Return active officers whose active credential is valid from ``since`` until today."""
    found = []
    for officer in Officer.objects.filter(agency=agency, is_active=True).order_by("pk"):
        credential = officer.current_credential()
        if (
            credential is not None
            and credential.status == CredentialStatus.ACTIVE
            and credential.valid_from is not None
            and credential.valid_from <= since
            and credential.valid_until is not None
            and credential.valid_until >= today
        ):
            found.append(officer)
    return found


def _cast(agency: Agency, today: datetime.date) -> Cast | None:
    department = Department.objects.filter(agency=agency, handles_penalty=True).first()
    items = [
        (item, version.name)
        for item in PowerItem.objects.filter(agency=agency).order_by("code")
        if (version := item.version_on(today)) is not None
        and version.category == PowerCategory.LICENSE
    ]
    officers = _officers(agency, today - datetime.timedelta(days=200), today)
    if department is None or not items or len(officers) < 4:
        logger.info("agency %s lacks a licence item or officers for demo licences", agency.pk)
        return None
    handler = _user(
        f"demo-licensing-{agency.pk}",
        f"{agency.short_name}许可审查人员（演示）",
        agency,
        Role.OFFICER,
        department,
    )
    head = _user(
        f"demo-licensing-{agency.pk}-head",
        f"{agency.short_name}负责人（演示）",
        agency,
        # Extending the decision period is for the agency head (行政许可法 Art. 42).
        Role.AGENCY_HEAD,
        department,
    )
    return Cast(agency, department, handler, head, officers, items[0][0], items[0][1])


class ApplicationBuilder:
    """One demo application, taken through the actions up to its stop."""

    def __init__(self, cast: Cast, index: int, today: datetime.date) -> None:
        self.cast = cast
        self.index = index
        self.today = today
        self.stop = STOPS[index % len(STOPS)]
        self.marker = f"（演示许可{cast.agency.pk}-{index:02d}）"
        self.received = today - datetime.timedelta(days=DAYS_AGO[self.stop])
        self.handlers = cast.officers[:2]
        self.reviewer = cast.officers[2]
        self.presiding = cast.officers[3]

    def build(self, party: Party) -> Case:
        case = case_actions.open_case(
            self.cast.handler,
            case_actions.CaseInput(
                kind=CaseKind.LICENSING,
                title=f"{party.name}申请{self.cast.item_name}{self.marker}"[:300],
                department_id=self.cast.department.pk,
                opened_on=self.received,
                party_ids=[party.pk],
                officer_ids=[officer.pk for officer in self.handlers],
                power_item_ids=[self.cast.item.pk],
            ),
        )
        commitment = self.stop.startswith("commitment")
        actions.record_application(
            self.cast.handler,
            case,
            step("license_application", self.received, "窗口接收申请材料"),
            received_on=self.received,
            materials=f"{self.cast.item_name}申请书\n营业执照复印件\n经营场所使用证明",
            commitment_based=commitment,
        )
        stages: dict[str, Callable[[Case], None]] = {
            "received": lambda case: None,
            "supplement": self._supplement,
            "rejected": self._rejected,
            "review": self._review_only,
            "hearing": self._hearing,
            "refused": self._refused,
            "granted_closed": self._granted_closed,
            "commitment_overdue": self._granted_open,
            "commitment_done": self._commitment_done,
            "extended": self._extended,
        }
        stages[self.stop](case)
        return case

    # --- Steps --------------------------------------------------------------------------------

    def _supplement(self, case: Case) -> None:
        day = wd(self.received, 2)
        actions.request_supplement(
            self.cast.handler,
            case,
            step("supplement_request", day, "一次性告知需要补正的材料"),
            requested_on=day,
            missing_materials="食品安全管理制度文本\n主要设备设施布局图",
        )

    def _rejected(self, case: Case) -> None:
        day = wd(self.received, 3)
        actions.decide_acceptance(
            self.cast.handler,
            case,
            step("acceptance_decision", day, "申请事项不属于本机关职权范围，不予受理"),
            outcome="rejected",
            decided_on=day,
            reasons="申请事项依法不属于本机关职权范围",
            remedy_channels="可以自收到本决定之日起六十日内申请行政复议，或者六个月内提起行政诉讼",
        )
        self._close(case, wd(day, 2), "不予受理决定已送达，结案")

    def _accept(self, case: Case) -> datetime.date:
        day = wd(self.received, 1)
        actions.decide_acceptance(
            self.cast.handler,
            case,
            step("acceptance_decision", day, "申请材料齐全、符合法定形式，予以受理"),
            outcome="accepted",
            decided_on=day,
            reasons="",
            remedy_channels="",
        )
        return day

    def _review(self, case: Case, day: datetime.date) -> None:
        actions.record_review(
            self.cast.handler,
            case,
            step("license_review", day, "书面审查", officer_ids=[self.reviewer.pk]),
            opinion="申请材料齐全，内容符合法定条件",
        )

    def _review_only(self, case: Case) -> None:
        self._review(case, wd(self._accept(case), 2))

    def _hearing(self, case: Case) -> None:
        accepted = self._accept(case)
        self._review(case, wd(accepted, 1))
        told = wd(accepted, 2)
        actions.notify_hearing_right(
            self.cast.handler,
            case,
            step("hearing_right_notice", told, "告知申请人和相邻住户听证权利"),
            told_on=told,
            notified_persons="申请人\n相邻住户代表",
        )
        requested = wd(told, 2)
        actions.request_license_hearing(
            self.cast.handler,
            case,
            step("license_hearing_request", requested, "相邻住户书面申请听证"),
            requested_on=requested,
            requester="相邻住户代表",
        )
        notified = wd(requested, 1)
        actions.schedule_license_hearing(
            self.cast.handler,
            case,
            step("license_hearing_notice", notified, "送达听证通知书"),
            notified_on=notified,
            hearing_on=wd(notified, 8),
            hearing_place=f"{self.cast.agency.short_name}听证室",
            presiding_officer=self.presiding.full_name,
        )

    def _decide(self, case: Case, outcome: str, day: datetime.date) -> None:
        review_demo.pass_review(case, "license_decision", self.cast.handler)
        actions.decide_license(
            self.cast.head,
            case,
            step("license_decision", day, "作出许可决定"),
            outcome=outcome,
            decided_on=day,
            content=f"准予{self.cast.item_name}" if outcome == "granted" else "",
            legal_basis=f"《中华人民共和国行政许可法》第三十八条；{self.cast.item_name}相关规定",
            reasons="经营场所布局不符合规定条件" if outcome == "refused" else "",
            remedy_channels="可以申请行政复议或者提起行政诉讼" if outcome == "refused" else "",
        )

    def _serve(self, case: Case, day: datetime.date) -> None:
        actions.serve_license_decision(
            self.cast.handler,
            case,
            step("license_decision_service", day, "直接送达许可决定书"),
            served_on=day,
            method="direct",
        )

    def _refused(self, case: Case) -> None:
        accepted = self._accept(case)
        self._review(case, wd(accepted, 3))
        decided = wd(accepted, 12)
        self._decide(case, "refused", decided)
        self._serve(case, wd(decided, 2))

    def _granted(self, case: Case) -> datetime.date:
        accepted = self._accept(case)
        self._review(case, wd(accepted, 2))
        decided = wd(accepted, 8)
        self._decide(case, "granted", decided)
        issued = wd(decided, 3)
        number = f"XK{self.cast.agency.pk:03d}{self.received:%Y%m%d}{self.index:02d}"
        actions.issue_licence(
            self.cast.handler,
            case,
            step("license_issued", issued, "颁发许可证件"),
            licence_number=number,
            certificate_name=f"{self.cast.item_name}证",
            license_type="general",
            valid_from=issued,
            valid_to=issued.replace(year=issued.year + 5) - datetime.timedelta(days=1),
            scope=f"{self.cast.item_name}：按申请范围经营",
            issued_on=issued,
        )
        self._serve(case, issued)
        return issued

    def _granted_open(self, case: Case) -> None:
        self._granted(case)

    def _granted_closed(self, case: Case) -> None:
        issued = self._granted(case)
        self._close(case, wd(issued, 2), "许可证件已颁发并送达，结案")

    def _commitment_done(self, case: Case) -> None:
        issued = self._granted(case)
        inspected = wd(issued, 15)
        inspection = case_actions.open_case(
            self.cast.handler,
            case_actions.CaseInput(
                kind=CaseKind.INSPECTION,
                title=f"告知承诺核查{self.marker}"[:300],
                department_id=self.cast.department.pk,
                opened_on=inspected,
                party_ids=list(case.parties.values_list("pk", flat=True)),
                officer_ids=[officer.pk for officer in self.handlers],
                power_item_ids=[],
            ),
        )
        self._inspect(inspection, inspected)
        actions.link_follow_up(
            self.cast.handler,
            case,
            step("commitment_follow_up", inspected, "现场核查申请人履行承诺情况"),
            inspection_case_number=inspection.number,
            done_on=inspected,
        )
        self._close(case, wd(inspected, 1), "告知承诺核查完成，结案")

    def _inspect(self, inspection: Case, day: datetime.date) -> None:
        """Record the on-site check and its 检查结果, so the inspection counts as done."""
        party = inspection.parties.order_by("pk").first()
        on_site = step(
            "inspection_record",
            day,
            "现场核查申请人承诺的经营条件并制作检查记录",
            place=(party.address if party else "") or "申请人经营场所",
            officer_ids=[officer.pk for officer in self.handlers],
            credential_shown=True,
            uniform_worn=True,
            grounds_told=True,
            basis_told=True,
            rights_told=True,
        )
        case_actions.record_step(self.cast.handler, inspection, on_site)
        result = step("inspection_result", day, "经现场核查，申请人承诺的经营条件属实")
        case_actions.record_step(self.cast.handler, inspection, result)

    def _extended(self, case: Case) -> None:
        accepted = self._accept(case)
        self._review(case, wd(accepted, 2))
        start = wd(accepted, 3)
        actions.record_excluded_period(
            self.cast.handler,
            case,
            step("excluded_period", start, "组织专家评审"),
            excluded_kind="expert_review",
            period_start=start,
            period_end=wd(start, 4),
            told_on=start,
        )
        actions.extend_decision_period(
            self.cast.head,
            case,
            step("license_extension", wd(accepted, 10), "经负责人批准延长十个工作日"),
            reason="需要征求相关部门意见",
        )

    def _close(self, case: Case, day: datetime.date, summary: str) -> None:
        evidence_demo.record_missing_scenes(case)
        case_actions.close_case(
            self.cast.head, case, closed_on=day, summary=summary, occurred_at=at(day, 16)
        )


# --- Later decisions ---------------------------------------------------------------------------


def _disposal(
    cast: Cast, licence: Licence, marker: str, today: datetime.date, **values: Any
) -> Case:
    opened = today - datetime.timedelta(days=8)
    case = case_actions.open_case(
        cast.handler,
        case_actions.CaseInput(
            kind=CaseKind.LICENSE_DISPOSAL,
            title=f"{licence.certificate_name}{licence.number}后续处理{marker}"[:300],
            department_id=cast.department.pk,
            opened_on=opened,
            party_ids=[licence.holder_id],
            officer_ids=[officer.pk for officer in cast.officers[:2]],
            power_item_ids=[licence.power_item_id],
        ),
    )
    actions.select_licence(
        cast.handler,
        case,
        step("disposal_licence", opened, "确定许可证件"),
        licence_number=licence.number,
    )
    case_actions.record_step(
        cast.handler, case, step("disposal_investigation", wd(opened, 1), "调查核实有关情况")
    )
    if not values:
        return case
    decided = wd(opened, 3)
    decision = f"disposal_decision:{values['disposal_kind']}"
    review_demo.pass_review(case, decision, cast.handler)
    actions.decide_disposal(
        cast.head,
        case,
        step("disposal_decision", decided, "作出决定"),
        decided_on=decided,
        legal_basis="《中华人民共和国行政许可法》",
        **values,
    )
    case_actions.record_step(
        cast.handler, case, step("disposal_service", wd(decided, 1), "直接送达决定书")
    )
    return case


def _load_disposals(cast: Cast, today: datetime.date, counts: dict[str, int]) -> None:
    licences = list(Licence.objects.filter(agency=cast.agency, status="valid").order_by("pk"))
    plans: list[tuple[str, dict[str, Any]]] = []
    if cast.agency.short_name == "区市场监管局":
        plans = [
            (
                "annul",
                {
                    "disposal_kind": "license_annulment",
                    "grounds": "被许可人提交虚假的经营场所使用证明取得许可",
                    "annulment_ground": "fraud",
                    "damages": "0",
                },
            ),
            (
                "cancel",
                {
                    "disposal_kind": "license_cancellation",
                    "grounds": "被许可人已办理注销登记",
                    "cancellation_ground": "organisation_ended",
                },
            ),
        ]
    elif cast.agency.short_name == "区交通委":
        plans = [("change", {})]
    for (name, values), licence in zip(plans, licences, strict=False):
        marker = f"（演示许可{cast.agency.pk}-{name}）"
        if Case.objects.filter(title__endswith=marker).exists():
            continue
        try:
            with transaction.atomic():
                _disposal(cast, licence, marker, today, **values)
        except ZhifaError as error:
            logger.warning("demo disposal %s skipped: %s", marker, error.message)
            counts["skipped"] += 1
            continue
        counts["disposals"] += 1


def load(today: datetime.date) -> dict[str, int]:
    """Add the missing demo licensing cases; return how many were added or skipped."""
    counts = {"applications": 0, "disposals": 0, "skipped": 0}
    for short_name in LICENSING_AGENCIES:
        agency = Agency.objects.filter(short_name=short_name).first()
        if agency is None:
            continue
        with transaction.atomic():
            cast = _cast(agency, today)
        if cast is None:
            continue
        for index in range(len(STOPS)):
            builder = ApplicationBuilder(cast, index, today)
            if Case.objects.filter(title__endswith=builder.marker).exists():
                continue
            try:
                with transaction.atomic():
                    # TODO: seed from the agency's place in the reference list, not its id, so
                    # that the invented parties are the same on every database.
                    party = case_actions.find_or_register_party(
                        cast.handler, demo_party(PARTY_OFFSET + cast.agency.pk * 20 + index)
                    ).party
                    builder.build(party)
            except ZhifaError as error:
                logger.warning("demo application %s skipped: %s", builder.marker, error.message)
                counts["skipped"] += 1
                continue
            counts["applications"] += 1
        _load_disposals(cast, today, counts)
    logger.info("demo licensing cases loaded: %s", counts)
    return counts
