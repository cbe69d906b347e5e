"""Sending the new alerts of a sweep: one email and one channel message per user concerned.

Every send and every failure is logged in ``Delivery``; a failing email or channel never stops
the others. Alerts are marked delivered after the attempt whatever its result, so a broken
gateway does not resend the same alerts to the channels that worked.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.supervision.alerts.channels import ChannelMessage, channel_path, load_channels
from zhifa.supervision.alerts.models import Alert, AlertKind, Delivery, DeliveryStatus
from zhifa.supervision.alerts.recipients import recipients

logger = logging.getLogger(__name__)

EMAIL = "email"


@dataclass
class DeliveryResult:
    users: int = 0
    sent: int = 0
    failed: int = 0
    # Channel paths (or "email") that failed at least once, with the last error.
    failures: dict[str, str] = field(default_factory=dict)


def compose(user: User, alerts: list[Alert]) -> tuple[str, str]:
    """Return the Chinese subject and body that tell ``user`` about ``alerts``, grouped by kind."""
    subject = f"{settings.ZHIFA_DISTRICT_NAME}行政执法平台：{len(alerts)}项新的预警提醒"
    by_kind: dict[str, list[Alert]] = defaultdict(list)
    for alert in alerts:
        by_kind[alert.kind].append(alert)
    lines = [
        f"{user.full_name or user.username}，您好：",
        "",
        "平台的每日检查发现以下需要处理的事项：",
    ]
    for kind in AlertKind:
        if kind.value not in by_kind:
            continue
        lines += ["", f"【{kind.label}】"]
        for alert in by_kind[kind.value]:
            lines.append(f"- {alert.message}")
            if alert.url:
                lines.append(f"  平台页面：{settings.ZHIFA_SITE_URL}{alert.url}")
    lines += ["", "请登录平台，在“预警提醒”中查看。问题消除后，提醒会自动消失。"]
    return subject, "\n".join(lines)


def _log(channel: str, user: User, subject: str, alerts: list[Alert], error: str = "") -> None:
    delivery = Delivery.objects.create(
        channel=channel,
        user=user,
        subject=subject[:200],
        status=DeliveryStatus.FAILED if error else DeliveryStatus.SENT,
        error=error[:500],
    )
    delivery.alerts.set(alerts)


def _send_email(user: User, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)


def _attempt(
    name: str,
    send: Callable[[], None],
    user: User,
    subject: str,
    alerts: list[Alert],
    result: DeliveryResult,
) -> None:
    try:
        send()
    except Exception as error:
        text = f"{type(error).__name__}: {error}"
        logger.exception("alert delivery by %s to user %s failed", name, user.pk)
        result.failed += 1
        result.failures[name] = text
        _log(name, user, subject, alerts, text)
        return
    result.sent += 1
    _log(name, user, subject, alerts)


def deliver(alerts: list[Alert]) -> DeliveryResult:
    """Send ``alerts`` to the users concerned and mark them delivered."""
    result = DeliveryResult()
    if not alerts:
        return result
    channels, broken = load_channels()
    result.failures.update(broken)
    grouped = recipients(alerts)
    result.users = len(grouped)
    for user, own in grouped.items():
        subject, body = compose(user, own)
        if user.email:
            email = partial(_send_email, user, subject, body)
            _attempt(EMAIL, email, user, subject, own, result)
        message = ChannelMessage(
            user_id=user.pk,
            username=user.username,
            full_name=user.full_name,
            email=user.email,
            subject=subject,
            body=body,
            alert_ids=tuple(alert.pk for alert in own),
        )
        for channel in channels:
            send = partial(channel.send, message)
            _attempt(channel_path(channel), send, user, subject, own, result)
    Alert.objects.filter(pk__in=[alert.pk for alert in alerts]).update(delivered_at=timezone.now())
    return result
