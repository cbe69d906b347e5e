"""Demo data of this app, loaded by ``zhifa demo load`` after the case kinds and publicity.

A dozen complaints in every state, made through the real actions: replied, accepted, overdue,
not accepted, transferred within the platform and outside it, unrouted and anonymous, and two
12345 hotline tickets imported as a file. Each handling step is dated on the day it would have
happened, so the replies count as on time except one replied late on purpose. Satisfaction
ratings of the last six months rise from month to month, as the plan intends. The imported
ticket ``DEMO-0001`` marks a loaded demo.
"""

import datetime
import json
import logging

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.core.errors import ZhifaError
from zhifa.core.workdays import SHANGHAI
from zhifa.supervision.complaints import actions
from zhifa.supervision.complaints.models import (
    Channel,
    Complaint,
    ComplaintKind,
    RatedPage,
    SatisfactionRating,
)

logger = logging.getLogger(__name__)

MARKER_TICKET = "DEMO-0001"
MARKET = "区市场监管局"
CITY = "区城管执法局"
EMERGENCY = "区应急局"
HEAD = "head"
BUREAU = "supervisor"
REPLY = (
    "经核查，您反映的问题属实。执法人员已到现场调查取证，责令当事人立即改正，"
    "并依法立案查处。处理结果将依法公示，感谢您对行政执法工作的监督。"
)
REJECTION_REASONS = (
    "经核查，您反映的事项属于民事合同纠纷，不属于行政执法事项，本局依法不予受理。"
    "建议您通过协商、人民调解或向人民法院起诉解决。"
)
# Stars given in each of the last six months, oldest first: satisfaction rises.
MONTHLY_STARS = ((3, 2, 4, 3), (3, 4, 2, 4), (4, 3, 4, 4), (4, 5, 3, 4), (5, 4, 4, 5), (5, 5, 4, 5))


def load(today: datetime.date) -> dict[str, int]:
    """Add this app's demo rows once; return counts by kind, ``skipped`` for rows already there."""
    if Complaint.objects.filter(channel=Channel.HOTLINE_12345, source_id=MARKER_TICKET).exists():
        return {"complaints": 0, "ratings": 0, "skipped": 1}
    agencies = {
        a.short_name: a for a in Agency.objects.filter(short_name__in=(MARKET, CITY, EMERGENCY))
    }
    head = User.objects.filter(username=HEAD).first()
    bureau = User.objects.filter(username=BUREAU).first()
    if len(agencies) < 3 or head is None or bureau is None:
        logger.warning("complaint demo skipped: demo agencies or accounts are missing")
        return {"complaints": 0, "ratings": 0, "skipped": 1}

    try:
        with transaction.atomic():
            count = _load_complaints(today, agencies, head, bureau)
            ratings = _load_ratings(today, agencies)
    except ZhifaError as error:
        logger.warning("complaint demo skipped: %s", error.message)
        return {"complaints": 0, "ratings": 0, "skipped": 1}
    return {"complaints": count, "ratings": ratings, "skipped": 0}


def _received(today: datetime.date, days_ago: int) -> datetime.datetime:
    day = today - datetime.timedelta(days=days_ago)
    return datetime.datetime.combine(day, datetime.time(9, 30), SHANGHAI)


def _handled(today: datetime.date, days_ago: int) -> datetime.datetime:
    """Return the afternoon of a past day; ``days_ago`` is at least 1, so it is never future."""
    day = today - datetime.timedelta(days=days_ago)
    return datetime.datetime.combine(day, datetime.time(15, 0), SHANGHAI)


def _submit(
    today: datetime.date, days_ago: int, agency: Agency | None, content: str, **fields: object
) -> Complaint:
    data = actions.ComplaintInput(
        kind=str(fields.get("kind", ComplaintKind.COMPLAINT)),
        content=content,
        is_anonymous=bool(fields.get("anonymous", False)),
        name="" if fields.get("anonymous") else "王先生（演示）",
        phone="" if fields.get("anonymous") else "13800000000",
        agency_id=agency.pk if agency else None,
    )
    return actions.submit_complaint(data, received_at=_received(today, days_ago))


def _load_complaints(
    today: datetime.date, agencies: dict[str, Agency], head: User, bureau: User
) -> int:
    market, city, emergency = agencies[MARKET], agencies[CITY], agencies[EMERGENCY]
    before = Complaint.objects.count()

    replied = _submit(today, 20, market, "某超市出售过期酸奶，购买后发现生产日期已超过保质期。")
    actions.reply_to_complaint(head, replied.pk, REPLY, occurred_at=_handled(today, 17))
    accepted = _submit(today, 2, market, "某餐馆后厨卫生条件差，有老鼠出没，请监管部门检查。")
    actions.accept_complaint(head, accepted.pk, occurred_at=_handled(today, 1))
    _submit(
        today,
        30,
        market,
        "药店凭处方销售的药品不要处方就卖，已多次发现。",
        kind=ComplaintKind.REPORT,
    )
    rejected = _submit(today, 6, market, "商家不按合同约定退还定金，要求市场监管局帮忙追讨。")
    actions.reject_complaint(head, rejected.pk, REJECTION_REASONS, occurred_at=_handled(today, 4))
    moved = _submit(today, 3, market, "沿街商铺把货架摆到人行道上，占道经营影响通行。")
    actions.transfer_complaint(
        head,
        moved.pk,
        "反映的占道经营属城市管理执法职责，移送区城管执法局办理。",
        agency_id=city.pk,
        occurred_at=_handled(today, 2),
    )
    police = _submit(
        today, 4, market, "小区门口有人聚众赌博，晚上吵闹。", kind=ComplaintKind.REPORT
    )
    actions.transfer_complaint(
        head,
        police.pk,
        "反映的赌博行为属公安机关管辖，已移送公安机关处理。",
        outside_body="上海市公安局青浦分局（演示）",
        occurred_at=_handled(today, 3),
    )

    _submit(today, 1, city, "工地夜间施工噪音扰民，晚上十一点后仍在作业。")
    _submit(today, 5, None, "执法人员检查时未出示执法证件，态度粗暴。", anonymous=True)
    routed = _submit(
        today,
        3,
        None,
        "企业危险化学品仓库未按规定设置警示标志，存在安全隐患。",
        kind=ComplaintKind.REPORT,
    )
    actions.route_complaint(
        bureau, routed.pk, emergency.pk, "属安全生产监管职责。", occurred_at=_handled(today, 2)
    )
    # Replied 23 days after receipt, past any 5-working-day deadline: the one late reply.
    late = _submit(today, 25, market, "执法决定书送达后未告知申请行政复议的期限和途径。")
    actions.reply_to_complaint(head, late.pk, REPLY, occurred_at=_handled(today, 2))

    tickets = [
        {
            "ticket_id": MARKER_TICKET,
            "kind": "投诉",
            "received_at": _received(today, 2).isoformat(),
            "agency": CITY,
            "name": "陈女士（演示）",
            "phone": "13900000000",
            "content": "小区旁违法搭建彩钢板房，已向街道反映未处理，请城管部门核查。",
        },
        {
            "ticket_id": "DEMO-0002",
            "kind": "举报",
            "received_at": _received(today, 1).isoformat(),
            "anonymous": "是",
            "content": "河道边有企业夜间偷排污水，水面有油污和异味。",
        },
    ]
    content = json.dumps(tickets, ensure_ascii=False).encode()
    report = actions.import_hotline_file(None, "12345演示工单.json", content)
    if not report.ok:
        raise RuntimeError(f"demo 12345 tickets rejected: {[str(e) for e in report.errors]}")
    return Complaint.objects.count() - before


def _load_ratings(today: datetime.date, agencies: dict[str, Agency]) -> int:
    """Add ratings month by month and move each to its month, since ``created_at`` is now."""
    count = 0
    for months_ago, stars_list in zip(range(5, -1, -1), MONTHLY_STARS, strict=True):
        first = today.replace(day=1)
        for _ in range(months_ago):
            first = (first - datetime.timedelta(days=1)).replace(day=1)
        for index, stars in enumerate(stars_list):
            agency = list(agencies.values())[index % len(agencies)]
            rating = actions.rate_agency(RatedPage.AGENCY, agency.pk, stars)
            moment = datetime.datetime.combine(
                first + datetime.timedelta(days=index), datetime.time(10), SHANGHAI
            )
            SatisfactionRating.objects.filter(pk=rating.pk).update(created_at=moment)
            count += 1
    return count
