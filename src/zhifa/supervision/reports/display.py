"""Figures arranged for pages and workbooks: sections of (metric, value) lines, and rates."""

from dataclasses import dataclass, field
from decimal import Decimal

from zhifa.supervision.reports.figures import Figures
from zhifa.supervision.reports.metrics import RATES, SECTIONS, Metric, metrics_in, rate_of


@dataclass
class Line:
    metric: Metric
    value: int | Decimal
    # The live value, set only on a frozen report whose data has changed since.
    live: int | Decimal | None = None


@dataclass
class Section:
    title: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class RateLine:
    label: str
    percent: Decimal | None


def sections(figures: Figures, live: Figures | None = None) -> list[Section]:
    """Arrange the figures by section; with ``live``, mark the lines whose value changed."""
    result = []
    for title in SECTIONS:
        lines = []
        for metric in metrics_in(title):
            value = figures[metric.code]
            changed = live is not None and live[metric.code] != value
            lines.append(Line(metric, value, live[metric.code] if changed and live else None))
        result.append(Section(title, lines))
    return result


def rates(figures: Figures) -> list[RateLine]:
    return [RateLine(rate.label, rate_of(rate, figures)) for rate in RATES]


def money(value: int | Decimal) -> str:
    """Format an amount in yuan with two decimals and thousands separators."""
    return f"{Decimal(value):,.2f}"
