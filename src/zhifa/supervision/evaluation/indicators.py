"""The indicators the year-end assessment can weigh, each scored from 0 to 100 per agency.

Every indicator returns, for each agency, a score (higher is better) and the input counts it
came from, or no score when the agency had nothing to measure that year (for example no
decision challenged, so no correction rate). How a missing score is weighed is decided in
``zhifa.supervision.evaluation.scoring``. The other apps are imported inside the functions,
so this registry loads even while one of them cannot.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

HUNDRED = Decimal("100")

Row = TypeVar("Row")


@dataclass(frozen=True)
class Period:
    """The assessment year, the agencies assessed and who computes it."""

    year: int
    agency_ids: list[int]
    user: Any
    today: datetime.date

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def ends_on(self) -> datetime.date:
        return min(datetime.date(self.year, 12, 31), self.today)


@dataclass(frozen=True)
class Measure:
    """One agency's value of one indicator; ``score`` is None when there was no data."""

    score: Decimal | None
    inputs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    explanation: str
    measure: Callable[[Period], dict[int, Measure]]


def share(part: int, whole: int) -> Decimal | None:
    """Return ``part`` as a percentage of ``whole`` to two decimals, or None when whole is 0."""
    if whole <= 0:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def by_agency(
    period: Period,
    rows: Mapping[int, Row],
    measure: Callable[[Row], Measure],
    missing_inputs: Mapping[str, Any] | None = None,
) -> dict[int, Measure]:
    """Measure the row of each assessed agency with ``measure``.

    An agency without a row gets no score, and ``missing_inputs`` as its input counts.
    """
    result = {}
    for agency_id in period.agency_ids:
        row = rows.get(agency_id)
        if row is None:
            result[agency_id] = Measure(None, dict(missing_inputs or {}))
        else:
            result[agency_id] = measure(row)
    return result


def _publication_on_time(period: Period) -> dict[int, Measure]:
    from zhifa.publicity.watch.on_time import on_time_report

    report = on_time_report(period.user, period.starts_on, period.ends_on, period.today)
    return by_agency(
        period,
        {row.agency_id: row for row in report.rows if row.agency_id is not None},
        lambda row: Measure(
            share(row.on_time, row.published + row.overdue),
            {"按期发布": row.on_time, "已发布": row.published, "逾期未发布": row.overdue},
        ),
    )


def _av_coverage(period: Period) -> dict[int, Measure]:
    from zhifa.supervision.reports.figures import compile_figures

    figures = compile_figures(period.agency_ids, period.starts_on, period.ends_on, period.today)

    def measure(row: Mapping[str, Any]) -> Measure:
        duties = int(row.get("av_mandatory_duties", 0))
        met = int(row.get("av_mandatory_met", 0))
        return Measure(share(met, duties), {"应全程音像记录": duties, "已记录": met})

    return by_agency(period, figures, measure, {"应全程音像记录": 0, "已记录": 0})


def _correction(period: Period) -> dict[int, Measure]:
    from zhifa.cases.models import Case
    from zhifa.remedies.statistics import correction_rate

    cases = Case.objects.filter(agency_id__in=period.agency_ids)
    report = correction_rate(cases, period.starts_on, period.ends_on)
    # Without a concluded challenge there is no correction rate, so the agency has no score.
    concluded = {key: rate for key, rate in report.by_agency.items() if rate.concluded > 0}
    return by_agency(
        period,
        concluded,
        lambda rate: Measure(
            HUNDRED - (share(rate.corrected, rate.concluded) or Decimal("0")),
            {"复议诉讼审结": rate.concluded, "被纠错": rate.corrected},
        ),
        {"复议诉讼审结": 0, "被纠错": 0},
    )


def _review_timeliness(period: Period) -> dict[int, Measure]:
    from zhifa.agencies.models import Agency
    from zhifa.review.figures import ReviewFigures, review_figures

    report = review_figures(Agency.objects.filter(pk__in=period.agency_ids), period.year)

    def measure(row: ReviewFigures) -> Measure:
        completed = row.timed_rounds + row.untimed_rounds
        on_time = completed - row.completed_late
        return Measure(
            share(on_time, completed + row.open_overdue),
            {"按期完成": on_time, "已完成": completed, "超期未完成": row.open_overdue},
        )

    rows = {row.agency.pk: row for row in report.rows if row.agency is not None}
    return by_agency(period, rows, measure)


def _complaints_on_time(period: Period) -> dict[int, Measure]:
    from zhifa.supervision.complaints.figures import complaint_counts

    counts = complaint_counts(period.agency_ids, period.starts_on, period.ends_on, period.today)
    return by_agency(
        period,
        counts,
        lambda row: Measure(
            share(row.replied_on_time, row.replied + row.open_overdue),
            {
                "按期答复": row.replied_on_time,
                "已答复": row.replied,
                "超期未答复": row.open_overdue,
            },
        ),
    )


def _satisfaction(period: Period) -> dict[int, Measure]:
    from zhifa.supervision.complaints.figures import satisfaction

    ratings = satisfaction(period.agency_ids, period.starts_on, period.ends_on)
    return by_agency(
        period,
        ratings,
        lambda row: Measure(
            share(row.satisfied, row.count), {"评价数": row.count, "满意数": row.satisfied}
        ),
    )


def _evaluation_score(period: Period) -> dict[int, Measure]:
    from zhifa.supervision.evaluation.rollup import rollup

    return by_agency(
        period,
        rollup(period.year, period.agency_ids),
        lambda row: Measure(row.mean_score, {"评查案卷": row.files, "平均分": row.mean_score}),
    )


def _report_filing(period: Period) -> dict[int, Measure]:
    from zhifa.supervision.reports.filings import filing_timeliness

    return by_agency(
        period,
        filing_timeliness(period.agency_ids, period.year, period.today),
        lambda row: Measure(
            share(row.filed_on_time, row.due),
            {
                "应报送": row.due,
                "按期报送": row.filed_on_time,
                "逾期报送": row.filed_late,
                "未报送": row.unfiled,
            },
        ),
    )


def _rules_adopted(period: Period) -> dict[int, Measure]:
    from zhifa.supervision.guidance.register import adoption

    return by_agency(
        period,
        adoption(period.agency_ids, period.ends_on),
        lambda row: Measure(
            share(row.adopted, row.required), {"应建立": row.required, "已建立": row.adopted}
        ),
    )


INDICATORS: dict[str, Indicator] = {
    indicator.code: indicator
    for indicator in (
        Indicator(
            "publication_on_time",
            "行政执法决定公示及时率",
            "按期发布的公示 ÷（已发布 + 逾期未发布），按决定日期计入年度。",
            _publication_on_time,
        ),
        Indicator(
            "av_coverage",
            "全程音像记录覆盖率",
            "应当全程音像记录的执法场景中已有音像记录的比例。",
            _av_coverage,
        ),
        Indicator(
            "correction_rate",
            "行政执法决定未被纠错率",
            "100% 减去被纠错率（复议、诉讼审结的决定中被变更、撤销、确认违法或无效的比例）；"
            "被纠错率越低得分越高。",
            _correction,
        ),
        Indicator(
            "review_timeliness",
            "法制审核按期完成率",
            "按期完成的审核轮次 ÷（已完成 + 超期未完成），按首次送审年度统计。",
            _review_timeliness,
        ),
        Indicator(
            "complaints_on_time",
            "投诉举报按期答复率",
            "按期答复的投诉举报 ÷（已答复 + 超期未答复）。",
            _complaints_on_time,
        ),
        Indicator(
            "satisfaction",
            "群众满意率",
            "满意评价（四星及以上）占全部评价的比例。",
            _satisfaction,
        ),
        Indicator(
            "evaluation_score",
            "案卷评查平均分",
            "本年度抽取并定稿评查的案卷平均得分（满分100分）。",
            _evaluation_score,
        ),
        Indicator(
            "report_filing",
            "执法数据月报按期报送率",
            "已到报送期限的月报中按期报送的比例。",
            _report_filing,
        ),
        Indicator(
            "rules_adopted",
            "执法制度建立率",
            "“三项制度”要求建立的制度中已建立的比例，按年末（或今日）的情况计算。",
            _rules_adopted,
        ),
    )
}
