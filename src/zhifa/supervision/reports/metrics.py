"""The metric registry of the enforcement data report (执法数据): code, label, section, unit.

Every metric is a count or an amount in yuan. Both add up across agencies, so a district
figure is always the sum of the agency figures. Rates are derived at display time from two
registered metrics (``RATES``), never stored.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from zhifa.cases.models import CaseKind
from zhifa.cases.rules.penalty import PENALTY_LABELS
from zhifa.licensing.models import DisposalKind
from zhifa.remedies.models import RemedyKind, RemedyOutcome
from zhifa.review.models.requests import Conclusion

COUNT = "count"
AMOUNT = "amount"

UNITS = {COUNT: "件", AMOUNT: "元"}


@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    section: str
    measure: str = COUNT

    @property
    def unit(self) -> str:
        return UNITS[self.measure]

    @property
    def is_amount(self) -> bool:
        return self.measure == AMOUNT

    def zero(self) -> int | Decimal:
        return Decimal("0") if self.is_amount else 0


@dataclass(frozen=True)
class Rate:
    """A percentage shown beside the figures: numerator ÷ (sum of the denominators) × 100."""

    label: str
    numerator: str
    denominators: tuple[str, ...]


SECTION_CASES = "案件"
SECTION_DECISIONS = "执法决定"
SECTION_PUBLICITY = "公示"
SECTION_AV = "音像记录"
SECTION_REVIEW = "法制审核"
SECTION_REMEDIES = "复议诉讼"
SECTION_COMPLAINTS = "投诉举报"

SECTIONS = (
    SECTION_CASES,
    SECTION_DECISIONS,
    SECTION_PUBLICITY,
    SECTION_AV,
    SECTION_REVIEW,
    SECTION_REMEDIES,
    SECTION_COMPLAINTS,
)

# Measure codes (``measure_imposed`` details "kind") of coercive measures, and the freezing step.
COERCIVE_MEASURES = {"sealing": "查封", "seizure": "扣押", "freezing": "冻结"}


def _case_metrics() -> list[Metric]:
    rows = [Metric("cases_opened", "立案（启动）案件", SECTION_CASES)]
    rows += [
        Metric(f"cases_opened_{kind}", f"其中：{label}（立案）", SECTION_CASES)
        for kind, label in CaseKind.choices
    ]
    rows.append(Metric("cases_closed", "结案案件", SECTION_CASES))
    rows += [
        Metric(f"cases_closed_{kind}", f"其中：{label}（结案）", SECTION_CASES)
        for kind, label in CaseKind.choices
    ]
    return rows


def _decision_metrics() -> list[Metric]:
    section = SECTION_DECISIONS
    rows = [
        Metric("decisions_total", "执法决定合计", section),
        Metric("penalties_summary", "行政处罚决定（简易程序）", section),
        Metric("penalties_ordinary", "行政处罚决定（普通程序）", section),
    ]
    rows += [
        Metric(f"penalty_type_{code}", f"处罚种类：{label}", section)
        for code, label in PENALTY_LABELS.items()
    ]
    rows += [
        Metric("fine_total", "罚款金额", section, AMOUNT),
        # NOTE: the decision stores one amount for confiscated illegal gains and illegal
        # property together ("没收金额或价值"), so the report cannot split it.
        Metric("confiscation_total", "没收违法所得、非法财物金额", section, AMOUNT),
        Metric("no_penalty", "不予行政处罚决定", section),
        Metric("transfers_to_judiciary", "移送司法机关", section),
        Metric("licences_granted", "准予行政许可", section),
        Metric("licences_refused", "不予行政许可", section),
    ]
    rows += [
        Metric(f"licence_disposals_{code}", f"许可{label}决定", section)
        for code, label in DisposalKind.choices
    ]
    rows += [
        Metric(f"coercive_{code}", f"行政强制措施：{label}", section)
        for code, label in COERCIVE_MEASURES.items()
    ]
    rows += [
        Metric("enforcement_decisions", "行政强制执行决定", section),
        Metric("substitute_decisions", "代履行决定（含立即代履行）", section),
        Metric("inspections", "行政检查结果", section),
        Metric("levies", "行政征收（缴款通知）", section),
        Metric("levy_amount", "行政征收应缴金额", section, AMOUNT),
        Metric("requisitions", "行政征用决定", section),
        Metric("expropriations", "国有土地上房屋征收决定", section),
    ]
    return rows


def _other_metrics() -> list[Metric]:
    rows = [
        Metric("publications_published", "首次发布的公示", SECTION_PUBLICITY),
        Metric("publications_on_time", "其中：按期发布", SECTION_PUBLICITY),
        Metric("publications_late", "其中：逾期发布", SECTION_PUBLICITY),
        Metric("publications_overdue", "期末逾期未发布", SECTION_PUBLICITY),
        Metric("av_mandatory_duties", "须全程音像记录的场景", SECTION_AV),
        Metric("av_mandatory_met", "其中：已记录或已说明免予记录", SECTION_AV),
        Metric("reviews_concluded", "出具法制审核意见", SECTION_REVIEW),
    ]
    rows += [
        Metric(f"reviews_{code}", f"审核结论：{label}", SECTION_REVIEW)
        for code, label in Conclusion.choices
    ]
    rows += [
        Metric(f"remedies_{code}", f"审结的{label}", SECTION_REMEDIES)
        for code, label in RemedyKind.choices
    ]
    rows += [
        Metric(f"remedy_outcome_{code}", f"审结结果：{label}", SECTION_REMEDIES)
        for code, label in RemedyOutcome.choices
    ]
    rows += [
        Metric("remedy_cases_concluded", "复议诉讼审结涉及的案件", SECTION_REMEDIES),
        Metric("remedy_cases_corrected", "其中：被纠错的案件", SECTION_REMEDIES),
        Metric("complaints_received", "收到投诉举报", SECTION_COMPLAINTS),
        Metric("complaints_replied", "已答复", SECTION_COMPLAINTS),
        Metric("complaints_replied_on_time", "其中：按期答复", SECTION_COMPLAINTS),
        Metric("complaints_open_overdue", "逾期未答复", SECTION_COMPLAINTS),
    ]
    return rows


METRICS: dict[str, Metric] = {
    metric.code: metric for metric in _case_metrics() + _decision_metrics() + _other_metrics()
}

RATES = (
    # The same formula as ``zhifa.publicity.watch.on_time`` (dashboard, assessment): items
    # still overdue count against the rate, so a month with only overdue items reads 0%.
    Rate(
        "公示及时率",
        "publications_on_time",
        ("publications_published", "publications_overdue"),
    ),
    Rate("全程音像记录覆盖率", "av_mandatory_met", ("av_mandatory_duties",)),
    Rate("被纠错率", "remedy_cases_corrected", ("remedy_cases_concluded",)),
    Rate("投诉举报按期答复率", "complaints_replied_on_time", ("complaints_replied",)),
)


def metrics_in(section: str) -> list[Metric]:
    return [metric for metric in METRICS.values() if metric.section == section]


def rate_of(rate: Rate, figures: dict[str, int | Decimal]) -> Decimal | None:
    """Return the rate as a percentage to one decimal, or None when the denominator is 0."""
    denominator = sum((Decimal(figures.get(code, 0)) for code in rate.denominators), Decimal(0))
    if denominator == 0:
        return None
    percent = Decimal(figures.get(rate.numerator, 0)) * 100 / denominator
    return percent.quantize(Decimal("0.1"), ROUND_HALF_UP)
