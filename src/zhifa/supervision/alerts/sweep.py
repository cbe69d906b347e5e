"""The daily sweep (``zhifa supervision sweep``): daily jobs, then alerts, then delivery."""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction

from zhifa.accounts import audit
from zhifa.supervision import daily
from zhifa.supervision.alerts.delivery import DeliveryResult, deliver
from zhifa.supervision.alerts.models import Alert
from zhifa.supervision.alerts.refresh import RefreshResult, refresh

logger = logging.getLogger(__name__)


@dataclass
class SweepReport:
    """The outcome of one sweep, as Chinese lines for the command's output."""

    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

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
