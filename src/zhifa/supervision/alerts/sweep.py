"""The daily sweep (``zhifa supervision sweep``): daily jobs, then alerts, then delivery.

Only a sweep of today writes. A sweep of an earlier day is a read-only check (see
``preview``), and days after today or before 2018 are rejected.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction

from zhifa.accounts import audit
from zhifa.core.errors import ValidationFailed
from zhifa.review.figures import FIRST_YEAR
from zhifa.supervision import daily
from zhifa.supervision.alerts.delivery import DeliveryResult, deliver
from zhifa.supervision.alerts.models import Alert, AlertKind
from zhifa.supervision.alerts.preview import Preview, preview
from zhifa.supervision.alerts.refresh import RefreshResult, refresh

logger = logging.getLogger(__name__)

# The earliest day a sweep accepts: 1 January of the first year the supervision figures cover.
FIRST_DAY = datetime.date(FIRST_YEAR, 1, 1)


@dataclass
class SweepReport:
    """The outcome of one sweep, as Chinese lines for the command's output."""

    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    # True for a check of an earlier day, which changed nothing and sent nothing.
    read_only: bool = False

    @property
    def failed(self) -> bool:
        return bool(self.failures)


def _run_jobs(today: datetime.date, report: SweepReport) -> None:
    for name, job in daily.jobs():
        try:
            line = job(today)
        except Exception as error:
            logger.exception("daily job %s failed", name)
            report.failures.append(f"每日任务 {name} 运行失败：{type(error).__name__}: {error}")
            continue
        report.lines.append(f"{name}：{line}")


def _describe(refreshed: RefreshResult, delivered: DeliveryResult, report: SweepReport) -> None:
    report.lines.append(
        f"预警：新增{len(refreshed.raised)}条，消除{refreshed.resolved}条，"
        f"持续{refreshed.still_open}条。"
    )
    report.lines.append(
        f"发送：{delivered.users}人，成功{delivered.sent}次，失败{delivered.failed}次。"
    )
    for name, error in refreshed.failures.items():
        report.failures.append(f"预警来源 {name} 检查失败，其原有预警保持不变：{error}")
    for name, error in delivered.failures.items():
        report.failures.append(f"发送渠道 {name} 发送失败：{error}")


def run_sweep(today: datetime.date) -> SweepReport:
    """Run the daily jobs and every alert source for all agencies, then send the new alerts.

    Running it twice on the same day changes nothing the second time: open alerts stay open,
    and alerts already sent are not sent again.
    """
    report = SweepReport()
    _run_jobs(today, report)
    refreshed = refresh(None, today)
    pending = list(
        Alert.objects.filter(resolved_at__isnull=True, delivered_at__isnull=True).order_by("pk")
    )
    delivered = deliver(pending)
    _describe(refreshed, delivered, report)
    with transaction.atomic():
        audit.record(
            "alert_sweep_run",
            actor=None,
            username="system",
            detail={
                "date": today.isoformat(),
                "raised": len(refreshed.raised),
                "resolved": refreshed.resolved,
                "sent": delivered.sent,
                "failed": delivered.failed,
                "failures": report.failures,
            },
        )
    logger.info("alert sweep of %s: %s", today, " ".join(report.lines))
    return report


def check_sweep_day(day: datetime.date, today: datetime.date) -> None:
    """Raise ValidationFailed when ``day`` is after ``today`` or before ``FIRST_DAY``."""
    if day > today:
        raise ValidationFailed(
            f"日期“{day.isoformat()}”晚于今天（{today.isoformat()}，上海时间），"
            "不能按将来的日期检查。请填写今天或以前的日期，或者不加 --date 按今天检查。",
            field="date",
        )
    if day < FIRST_DAY:
        raise ValidationFailed(
            f"日期“{day.isoformat()}”早于{FIRST_DAY.isoformat()}，超出可检查的范围。"
            f"请填写{FIRST_DAY.isoformat()}至{today.isoformat()}之间的日期。",
            field="date",
        )


def _describe_preview(day: datetime.date, found: Preview, report: SweepReport) -> None:
    report.lines.append(
        f"{day.isoformat()}早于今天，本次为只读检查：未运行每日任务，未新增或消除预警，未发送提醒。"
    )
    report.lines.append(
        f"与当前预警相比：按该日检查将新增{found.would_raise}条，"
        f"将消除{found.would_resolve}条，仍然存在{found.still_open}条。"
    )
    if found.found:
        report.lines.append("该日发现的情形，按预警类型：")
    for kind in AlertKind:
        if found.found[kind.value]:
            report.lines.append(f"{kind.label}：{found.found[kind.value]}条")
    for name, error in found.failures.items():
        report.failures.append(f"预警来源 {name} 检查失败：{error}")


def sweep_day(day: datetime.date, today: datetime.date) -> SweepReport:
    """Run the sweep of ``day``: the full sweep for today, a read-only check for earlier days.

    Raises ValidationFailed for a day after ``today`` or before ``FIRST_DAY``.
    """
    check_sweep_day(day, today)
    if day == today:
        return run_sweep(day)

    report = SweepReport(read_only=True)
    _describe_preview(day, preview(day), report)
    logger.info("read-only alert check of %s: %s", day, " ".join(report.lines))
    return report
