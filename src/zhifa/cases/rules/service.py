"""Service of decisions (送达): methods, the 7-day period and the deemed service date."""

import datetime

from django.db import models

from zhifa.cases.rules.common import ALLOWED, Calendar, RuleOutcome, refused, show


class ServiceMethod(models.TextChoices):
    """Service methods of the 民事诉讼法 (2023) Art. 87-95, which 行政处罚法 Art. 61 applies."""

    DIRECT = "direct", "直接送达"
    LEAVING = "leaving", "留置送达"
    POST = "post", "邮寄送达"
    ELECTRONIC = "electronic", "电子送达"
    ANNOUNCEMENT = "announcement", "公告送达"


# 行政处罚法 Art. 61: a decision not handed over on the spot is served "在七日内", which counts
# working days under Art. 85.
SERVICE_WORKING_DAYS = 7
# 民事诉讼法 Art. 95: service by announcement is deemed done 30 days after the announcement.
ANNOUNCEMENT_DAYS = 30


def service_deadline(decided_on: datetime.date, calendar: Calendar) -> datetime.date:
    return calendar.add_working_days(decided_on, SERVICE_WORKING_DAYS)


def deemed_served_on(method: str, served_on: datetime.date) -> datetime.date:
    """Return the legal service date: the date served, or 30 days after an announcement."""
    if method == ServiceMethod.ANNOUNCEMENT:
        return served_on + datetime.timedelta(days=ANNOUNCEMENT_DAYS)
    return served_on


def check_service(
    *,
    method: str,
    decided_on: datetime.date,
    served_on: datetime.date,
    on_the_spot: bool,
    consent_signed: bool,
    witnesses_or_recording: str,
    announcement_reason: str,
    calendar: Calendar,
) -> RuleOutcome:
    """Check one service of a decision (行政处罚法 Art. 61; 民事诉讼法 Art. 89, 90, 95).

    ``served_on`` is the signing date, the post's dispatch date, the date the message reached
    the party, or the announcement's publication date.
    """
    if method not in ServiceMethod.values:
        return refused("请选择“送达方式”。")
    if served_on < decided_on:
        return refused(f"送达日期{show(served_on)}早于决定日期{show(decided_on)}，请核对日期。")
    if on_the_spot and method != ServiceMethod.DIRECT:
        return refused("当场交付只能是直接送达，请核对“送达方式”。")
    if method == ServiceMethod.ELECTRONIC and not consent_signed:
        return refused("电子送达须当事人同意并签订确认书，本案当事人尚无电子送达确认书。")
    if method == ServiceMethod.LEAVING and not witnesses_or_recording.strip():
        return refused("留置送达须邀请见证人到场或者采用拍照、录像等方式记录，请填写“见证情况”。")
    if method == ServiceMethod.ANNOUNCEMENT and not announcement_reason.strip():
        return refused("公告送达仅限受送达人下落不明或者用其他方式无法送达，请填写“公告送达理由”。")
    if not on_the_spot:
        deadline = service_deadline(decided_on, calendar)
        if served_on > deadline:
            return refused(
                f"处罚决定书未当场交付的，应在七个工作日内（{show(deadline)}前）送达，"
                f"{show(served_on)}已超过期限。"
            )
    return ALLOWED
