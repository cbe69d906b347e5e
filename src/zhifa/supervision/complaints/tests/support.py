"""Helpers for building complaints in tests through the real actions."""

import datetime

from zhifa.agencies.models import Agency
from zhifa.core.workdays import SHANGHAI
from zhifa.supervision.complaints.actions import ComplaintInput, submit_complaint
from zhifa.supervision.complaints.models import Complaint, ComplaintKind

REASONED_REPLY = (
    "经核查，您反映的商户占道经营情况属实。执法队员已于当日到场责令其改正，"
    "并依据《上海市市容环境卫生管理条例》作出警告处理，后续将加强巡查。"
)


def shanghai(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def make_complaint(
    agency: Agency | None = None,
    *,
    received_at: datetime.datetime | None = None,
    anonymous: bool = False,
    kind: str = ComplaintKind.COMPLAINT,
) -> Complaint:
    data = ComplaintInput(
        kind=kind,
        content="朱家角镇北大街有商户长期占用人行道摆放货物，行人只能走机动车道。",
        is_anonymous=anonymous,
        name="" if anonymous else "张三",
        phone="" if anonymous else "13800000000",
        agency_id=agency.pk if agency is not None else None,
    )
    return submit_complaint(data, received_at=received_at or shanghai(2026, 9, 30))
