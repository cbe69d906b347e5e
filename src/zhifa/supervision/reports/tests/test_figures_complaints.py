"""Report figures of complaints (投诉举报), read through the complaints app's counts."""

import datetime
import itertools

from zhifa.agencies.models import Agency
from zhifa.supervision.complaints.models import Complaint
from zhifa.supervision.reports.figures import compile_figures
from zhifa.supervision.reports.tests.support import at

MARCH = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
_codes = itertools.count(1)


def _complaint(agency: Agency, received_at: datetime.datetime, **fields: object) -> Complaint:
    return Complaint.objects.create(
        kind="complaint",
        channel="portal",
        lookup_code=f"TEST{next(_codes):08d}",
        agency=agency,
        content="执法人员未出示执法证件。",
        received_at=received_at,
        **fields,
    )


def test_complaints_counted(agency_a: Agency, agency_b: Agency) -> None:
    _complaint(
        agency_a,
        at(3, 2),
        status="replied",
        reply_due_on=datetime.date(2026, 3, 9),
        replied_at=at(3, 6),
        reply="已核实并答复。",
    )
    _complaint(
        agency_a,
        at(3, 20),
        status="replied",
        reply_due_on=datetime.date(2026, 3, 27),
        replied_at=at(3, 30),
        reply="已答复。",
    )
    _complaint(agency_a, at(3, 25), status="handling", reply_due_on=datetime.date(2026, 4, 1))
    _complaint(agency_a, at(4, 1, 0, 5), status="handling")
    _complaint(agency_b, at(3, 31, 23, 50), status="handling")

    rows = compile_figures([agency_a.pk, agency_b.pk], *MARCH, datetime.date(2026, 4, 10))
    a, b = rows[agency_a.pk], rows[agency_b.pk]

    assert a["complaints_received"] == 3
    assert a["complaints_replied"] == 2
    assert a["complaints_replied_on_time"] == 1
    assert a["complaints_open_overdue"] == 1
    assert b["complaints_received"] == 1
