"""The review figures on a small dataset with known results, and their query count.

Review rounds are stored rows, written directly: the figures read what the review actions
leave behind, and each row states the fields those actions set.
"""

import datetime
import itertools
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zhifa.accounts.models import User
from zhifa.agencies.models import (
    Agency,
    AgencyKind,
    Credential,
    CredentialStatus,
    Department,
    JudicialOffice,
    Officer,
    Reviewer,
    ReviewerKind,
)
from zhifa.cases.models import Case, CaseKind
from zhifa.core import workdays
from zhifa.core.errors import ValidationFailed
from zhifa.core.identifiers import id_check_char
from zhifa.core.models import CalendarYear
from zhifa.review.figures import parse_year, review_figures, working_days_between
from zhifa.review.models import (
    CatalogState,
    Conclusion,
    DecisionKind,
    RequestState,
    ReviewCatalog,
    ReviewOpinion,
    ReviewRequest,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
_numbers = itertools.count(1)


def at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, 0, tzinfo=SHANGHAI)


def make_case(agency: Agency, user: User) -> Case:
    sequence = next(_numbers)
    return Case.objects.create(
        agency=agency,
        department=Department.objects.get(agency=agency, handles_penalty=True),
        kind=CaseKind.PENALTY_ORDINARY,
        number=f"测试〔2026〕{agency.pk}-{sequence}号",
        number_year=2026,
        number_sequence=sequence,
        title="擅自占用道路堆放物料案",
        opened_on=datetime.date(2025, 12, 1),
        created_by=user,
    )


def make_round(
    case: Case,
    *,
    round_number: int,
    kind: str = DecisionKind.PENALTY,
    submitted: datetime.date,
    due: datetime.date,
    completed: datetime.date | None,
    state: str,
    previous: ReviewRequest | None = None,
    office: JudicialOffice | None = None,
) -> ReviewRequest:
    body: dict[str, Any] = (
        {"judicial_office": office}
        if office is not None
        else {"review_department": case.agency.review_body}
    )
    return ReviewRequest.objects.create(
        case=case,
        round_number=round_number,
        previous=previous,
        decision_kind=kind,
        proposal={"kind": kind},
        assessment={"major": True, "matches": []},
        summary="送审说明",
        submitted_at=at(submitted.year, submitted.month, submitted.day),
        materials_complete_on=submitted,
        due_on=due,
        state=state,
        completed_at=None
        if completed is None
        else at(completed.year, completed.month, completed.day),
        **body,
    )


def make_opinion(request: ReviewRequest, reviewer: Reviewer, results: dict[str, str]) -> None:
    labels = {"evidence": "事实和证据", "legal_basis": "法律依据", "procedure": "程序"}
    ReviewOpinion.objects.create(
        request=request,
        reviewer=reviewer,
        conclusion=Conclusion.APPROVED
        if request.state == RequestState.APPROVED
        else Conclusion.REVISE_AND_RESUBMIT,
        legality="合法性审核意见",
        reasonableness="合理性审核意见",
        checklist=[
            {"code": code, "label": labels[code], "group": "formal", "result": result, "note": ""}
            for code, result in results.items()
        ],
        issued_at=request.completed_at or at(2026, 12, 1),
    )


def make_credentialed_officers(agency: Agency, count: int) -> None:
    for index in range(count):
        first17 = f"3101181985{agency.pk % 100:02d}{index % 100:02d}01{index // 100}"
        officer = Officer.objects.create(
            agency=agency,
            full_name=f"执法{agency.pk}-{index}",
            gender="male",
            id_number=first17 + id_check_char(first17),
        )
        Credential.objects.create(
            officer=officer,
            number=f"31{agency.pk:02d}{index:05d}",
            status=CredentialStatus.ACTIVE,
            valid_from=datetime.date(2025, 1, 1),
            valid_until=datetime.date(2030, 12, 31),
        )


def reviewer(agency: Agency, name: str, started: datetime.date, **fields: Any) -> Reviewer:
    return Reviewer.objects.create(agency=agency, full_name=name, started_on=started, **fields)


def set_review_body(agency: Agency) -> None:
    agency.review_body = Department.objects.get(agency=agency, is_legal_department=True)
    agency.save(update_fields=["review_body"])


def seed(agency_a: Agency, agency_b: Agency, office: JudicialOffice, user: User) -> Agency:
    """Seed two agencies with reviews and a third without any; return the third."""
    set_review_body(agency_a)
    set_review_body(agency_b)
    agency_c = Agency.objects.create(
        name="上海市青浦区城市管理行政执法局",
        short_name="区城管执法局",
        kind=AgencyKind.DISTRICT_DEPARTMENT,
    )

    staff_a = reviewer(agency_a, "王审核", datetime.date(2020, 3, 1))
    reviewer(agency_a, "赵审核", datetime.date(2022, 3, 1))  # no qualification: breaks Art. 58
    reviewer(
        agency_a,
        "钱顾问",
        datetime.date(2023, 1, 1),
        kind=ReviewerKind.LEGAL_ADVISER,
        legal_qualification=True,
    )
    reviewer(agency_a, "孙离岗", datetime.date(2019, 1, 1), ended_on=datetime.date(2025, 6, 30))
    staff_b = reviewer(agency_b, "李审核", datetime.date(2023, 1, 1), legal_qualification=True)
    make_credentialed_officers(agency_b, 20)

    # Agency A, review 1: returned once (4 working days), approved on round 2 (8, late).
    case = make_case(agency_a, user)
    first = make_round(
        case,
        round_number=1,
        submitted=datetime.date(2026, 3, 2),
        due=datetime.date(2026, 3, 9),
        completed=datetime.date(2026, 3, 6),
        state=RequestState.RESUBMITTED,
        office=office,
    )
    make_opinion(first, staff_a, {"evidence": "fail", "legal_basis": "fail", "procedure": "pass"})
    second = make_round(
        case,
        round_number=2,
        previous=first,
        submitted=datetime.date(2026, 3, 10),
        due=datetime.date(2026, 3, 17),
        completed=datetime.date(2026, 3, 20),
        state=RequestState.APPROVED,
        office=office,
    )
    make_opinion(second, staff_a, {"evidence": "pass", "legal_basis": "pass", "procedure": "pass"})
    # Agency A, review 2: a compulsory enforcement decision still open past its due day.
    make_round(
        make_case(agency_a, user),
        round_number=1,
        kind=DecisionKind.COMPULSORY_ENFORCEMENT,
        submitted=datetime.date(2026, 10, 29),
        due=datetime.date(2026, 11, 5),
        completed=None,
        state=RequestState.SUBMITTED,
        office=office,
    )

    # Agency B, review 3: across the May Day holidays and the make-up Saturday, 5 working days.
    third = make_round(
        make_case(agency_b, user),
        round_number=1,
        submitted=datetime.date(2026, 4, 30),
        due=datetime.date(2026, 5, 12),
        completed=datetime.date(2026, 5, 11),
        state=RequestState.APPROVED,
    )
    make_opinion(third, staff_b, {"evidence": "fail", "procedure": "pass"})
    # Agency B, review 4: first submitted in 2025, so it counts in 2025 only.
    old_case = make_case(agency_b, user)
    old = make_round(
        old_case,
        round_number=1,
        submitted=datetime.date(2025, 12, 22),
        due=datetime.date(2025, 12, 29),
        completed=datetime.date(2025, 12, 26),
        state=RequestState.RESUBMITTED,
    )
    make_round(
        old_case,
        round_number=2,
        previous=old,
        submitted=datetime.date(2026, 1, 5),
        due=datetime.date(2026, 1, 12),
        completed=datetime.date(2026, 1, 8),
        state=RequestState.APPROVED,
    )

    ReviewCatalog.objects.create(
        agency=agency_a,
        version=1,
        effective_from=datetime.date(2026, 1, 1),
        state=CatalogState.ACCEPTED,
    )
    ReviewCatalog.objects.create(
        agency=agency_a,
        version=2,
        effective_from=datetime.date(2027, 1, 1),
        state=CatalogState.FILED,
    )
    ReviewCatalog.objects.create(
        agency=agency_b,
        version=1,
        effective_from=datetime.date(2026, 1, 1),
        state=CatalogState.RETURNED,
    )
    ReviewCatalog.objects.create(
        agency=agency_c,
        version=1,
        effective_from=datetime.date(2026, 1, 1),
        state=CatalogState.DRAFT,
    )
    return agency_c


@pytest.fixture
def seeded(
    agency_a: Agency, agency_b: Agency, judicial_office: JudicialOffice, supervisor_user: User
) -> Agency:
    return seed(agency_a, agency_b, judicial_office, supervisor_user)


def rows_by_name(report: Any) -> dict[str, Any]:
    return {row.agency.short_name: row for row in report.rows}


def test_figures_reviews_and_rounds(seeded: Agency) -> None:
    rows = rows_by_name(review_figures(Agency.objects.all(), 2026))

    town = rows["朱家角镇"]
    assert dict(town.reviews_by_kind) == {"penalty": 1, "compulsory_enforcement": 1}
    assert town.rounds == 3
    assert town.max_rounds == 2
    assert town.mean_rounds == Decimal("1.5")
    market = rows["区市场监管局"]
    assert dict(market.reviews_by_kind) == {"penalty": 1}
    assert market.rounds == 1
    assert rows["区城管执法局"].reviews == 0
    assert rows["区城管执法局"].mean_rounds is None


def test_figures_time_and_overdue(seeded: Agency) -> None:
    rows = rows_by_name(review_figures(Agency.objects.all(), 2026))

    town = rows["朱家角镇"]
    assert town.timed_rounds == 2
    assert town.working_days_total == 4 + 8
    assert town.mean_working_days == Decimal("6.0")
    assert town.open_overdue == 1
    assert town.completed_late == 1
    market = rows["区市场监管局"]
    assert market.working_days_total == 5
    assert market.completed_late == 0
    assert market.open_overdue == 0


def test_figures_issues_by_item(seeded: Agency) -> None:
    report = review_figures(Agency.objects.all(), 2026)
    rows = rows_by_name(report)

    assert dict(rows["朱家角镇"].issues_by_item) == {"evidence": 1, "legal_basis": 1}
    assert dict(rows["区市场监管局"].issues_by_item) == {"evidence": 1}
    assert report.item_labels == {"evidence": "事实和证据", "legal_basis": "法律依据"}


def test_figures_catalog_filing_states(seeded: Agency) -> None:
    rows = rows_by_name(review_figures(Agency.objects.all(), 2026))

    town = rows["朱家角镇"].catalog
    assert town.in_force_version == 1
    assert town.pending_versions == [2]
    assert town.label == "现行第1版，第2版待备案审查"
    market = rows["区市场监管局"].catalog
    assert market.in_force_version is None
    assert market.returned_versions == [1]
    assert market.label == "无现行版本"
    assert rows["区城管执法局"].catalog.label == "从未报备"


def test_figures_staffing(seeded: Agency) -> None:
    rows = rows_by_name(review_figures(Agency.objects.all(), 2026))

    town = rows["朱家角镇"]
    assert town.active_reviewers == 3
    assert town.unqualified_reviewers == 1
    assert town.qualification_compliant is False
    assert town.ratio.reviewers == 2
    assert town.ratio.compliant is None
    market = rows["区市场监管局"]
    assert market.ratio.reviewers == 1
    assert market.ratio.credentialed_officers == 20
    assert market.ratio.compliant is True
    assert market.qualification_compliant is True


def test_figures_total_is_sum_of_rows(seeded: Agency) -> None:
    report = review_figures(Agency.objects.all(), 2026)
    total = report.total

    for name in (
        "rounds",
        "timed_rounds",
        "working_days_total",
        "open_overdue",
        "completed_late",
        "active_reviewers",
        "unqualified_reviewers",
    ):
        assert getattr(total, name) == sum(getattr(row, name) for row in report.rows), name
    assert total.reviews == 3
    assert total.max_rounds == 2
    assert total.mean_rounds == Decimal("1.3")
    assert total.mean_working_days == Decimal("5.7")
    assert dict(total.issues_by_item) == {"evidence": 2, "legal_basis": 1}
    assert total.ratio is not None
    assert total.ratio.reviewers == 3
    assert total.ratio.credentialed_officers == 20
    assert total.ratio.compliant is True


def test_figures_year_filter(seeded: Agency) -> None:
    rows = rows_by_name(review_figures(Agency.objects.all(), 2025))

    market = rows["区市场监管局"]
    assert market.reviews == 1
    assert market.rounds == 2
    assert market.working_days_total == 4 + 3
    assert rows["朱家角镇"].reviews == 0


def test_figures_uncovered_year_is_untimed(seeded: Agency) -> None:
    CalendarYear.objects.filter(year=2025).delete()

    market = rows_by_name(review_figures(Agency.objects.all(), 2025))["区市场监管局"]

    assert market.untimed_rounds == 1
    assert market.timed_rounds == 1
    assert market.working_days_total == 3


def test_figures_scope_of_agency_head(seeded: Agency, agency_head_user: User) -> None:
    from zhifa.accounts.scope import restrict

    report = review_figures(restrict(Agency.objects.all(), agency_head_user), 2026)

    assert [str(row.agency) for row in report.rows] == ["上海市青浦区朱家角镇人民政府"]
    assert report.total.reviews == 2


def test_figures_query_count_fixed(seeded: Agency, django_assert_max_num_queries: Any) -> None:
    for index in range(5):
        Agency.objects.create(
            name=f"测试街道{index}", short_name=f"街道{index}", kind=AgencyKind.STREET_OFFICE
        )
    agencies = Agency.objects.all()

    # 12 queries: 10 for the tables, read once for all agencies, and 2 for one calendar year.
    with django_assert_max_num_queries(12):
        review_figures(agencies, 2026)


@pytest.mark.django_db
def test_working_days_between_counts_after_start() -> None:
    assert working_days_between(datetime.date(2026, 3, 6), datetime.date(2026, 3, 6)) == 0
    assert working_days_between(datetime.date(2026, 3, 6), datetime.date(2026, 3, 9)) == 1
    assert working_days_between(datetime.date(2026, 9, 30), datetime.date(2026, 10, 9)) == 2


@pytest.mark.django_db
def test_working_days_between_rejects_uncovered_year() -> None:
    CalendarYear.objects.filter(year=2026).delete()

    with pytest.raises(workdays.CalendarNotCovered):
        working_days_between(datetime.date(2026, 3, 6), datetime.date(2026, 3, 9))


@pytest.mark.parametrize("value", ["二〇二六", "2017", "2027"])
def test_parse_year_rejects(value: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        parse_year(value, datetime.date(2026, 12, 5))
    assert raised.value.field == "year"


def test_parse_year_accepts_edges() -> None:
    today = datetime.date(2026, 12, 5)
    assert parse_year("", today) == 2026
    assert parse_year("2018", today) == 2018
    assert parse_year(" 2026 ", today) == 2026
