import io
import json

import pytest
from openpyxl import Workbook

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency
from zhifa.cases.models import ExchangeBatch, ExchangeBatchStatus, ExchangeSource
from zhifa.core.errors import NotPermitted
from zhifa.supervision.complaints.actions import import_hotline_file
from zhifa.supervision.complaints.models import (
    Channel,
    Complaint,
    ComplaintEventKind,
    ComplaintStatus,
)

CONTENT = "北大街夜间施工噪音扰民，多次反映未处理，请城管部门核查。"


def ticket(ticket_id: str, **fields: object) -> dict[str, object]:
    return {
        "ticket_id": ticket_id,
        "kind": "投诉",
        "received_at": "2026-09-30T10:00:00+08:00",
        "agency": "朱家角镇",
        "name": "李四",
        "phone": "13900000000",
        "content": CONTENT,
        **fields,
    }


def as_json(*tickets: dict[str, object]) -> bytes:
    return json.dumps(list(tickets), ensure_ascii=False).encode()


def test_json_import_creates_complaints(supervisor_user: User, agency_a: Agency) -> None:
    content = as_json(
        ticket("GD001"), ticket("GD002", agency="", anonymous="是", name="", phone="")
    )

    report = import_hotline_file(supervisor_user, "tickets.json", content)

    assert report.ok
    assert report.created == 2
    routed = Complaint.objects.get(source_id="GD001")
    assert routed.channel == Channel.HOTLINE_12345
    assert routed.agency_id == agency_a.pk
    assert routed.status == ComplaintStatus.HANDLING
    unrouted = Complaint.objects.get(source_id="GD002")
    assert unrouted.status == ComplaintStatus.UNROUTED
    assert unrouted.is_anonymous
    assert ExchangeSource.objects.get(code="12345").name == "12345市民服务热线"
    batch = ExchangeBatch.objects.get(pk=report.batch.pk)
    assert batch.status == ExchangeBatchStatus.IMPORTED
    assert batch.changes == {"created": ["GD001", "GD002"], "updated": [], "notices": []}


def test_bad_row_rejects_whole_file(supervisor_user: User, agency_a: Agency) -> None:
    content = as_json(
        ticket("GD001"),
        ticket("GD002", kind="建议"),
        ticket("GD003", agency="不存在的局"),
        ticket("GD001"),
    )

    report = import_hotline_file(supervisor_user, "tickets.json", content)

    assert not report.ok
    assert Complaint.objects.count() == 0
    texts = [str(error) for error in report.errors]
    assert texts[0].startswith("第2条记录（工单编号 GD002）「类别」")
    assert "不存在的局" in texts[1]
    assert "与第1条记录重复" in texts[2]
    batch = ExchangeBatch.objects.get(pk=report.batch.pk)
    assert batch.status == ExchangeBatchStatus.REJECTED
    assert len(batch.errors) == 3
    assert AuditEntry.objects.filter(action="complaint_batch_rejected").count() == 1


def test_repeat_ticket_updates(supervisor_user: User, agency_a: Agency) -> None:
    import_hotline_file(supervisor_user, "day1.json", as_json(ticket("GD001", agency="")))

    again = import_hotline_file(
        supervisor_user, "day1-again.json", as_json(ticket("GD001", agency=""))
    )
    changed = import_hotline_file(
        supervisor_user,
        "day2.json",
        as_json(ticket("GD001", content=CONTENT + "补充：周末也施工。")),
    )

    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert (changed.created, changed.updated) == (0, 1)
    complaint = Complaint.objects.get()
    assert complaint.content.endswith("周末也施工。")
    assert complaint.agency_id == agency_a.pk
    assert complaint.status == ComplaintStatus.HANDLING
    update = complaint.events.get(kind=ComplaintEventKind.UPDATED)
    assert "诉求内容" in update.note
    assert "承办单位" in update.note


def test_excel_bad_row_rejected(supervisor_user: User, agency_a: Agency) -> None:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.append(
        ["工单编号", "类别", "受理时间", "承办单位", "是否匿名", "诉求人", "联系电话", "诉求内容"]
    )
    sheet.append(
        [
            20260001,
            "举报",
            "2026-09-30 10:00",
            "上海市青浦区朱家角镇人民政府",
            "否",
            "王五",
            "13700000000",
            CONTENT,
        ]
    )
    sheet.append(["20260002", "投诉", "2026-09-30 11:00", "", "", "赵六", "", CONTENT])
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = import_hotline_file(supervisor_user, "工单.xlsx", buffer.getvalue())

    assert not report.ok
    assert [error.location for error in report.errors] == ["第3行"]
    assert report.errors[0].field == "phone"
    assert Complaint.objects.count() == 0


def test_excel_missing_column(supervisor_user: User) -> None:
    workbook = Workbook()
    workbook.worksheets[0].append(["工单编号", "类别"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = import_hotline_file(supervisor_user, "工单.xlsx", buffer.getvalue())

    assert "缺少列：受理时间、诉求内容" in str(report.errors[0])


def test_agency_head_cannot_import(agency_head_user: User) -> None:
    with pytest.raises(NotPermitted):
        import_hotline_file(agency_head_user, "tickets.json", as_json(ticket("GD001")))


def excel_file(*rows: list[object]) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.append(["工单编号", "类别", "受理时间", "承办单位", "诉求人", "联系电话", "诉求内容"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_excel_date_cells_read(supervisor_user: User, agency_a: Agency) -> None:
    import datetime

    from zhifa.core.workdays import SHANGHAI

    # An Excel cell stores a local time without an offset.
    date_cell = datetime.datetime(2026, 9, 30, 9, 30)  # noqa: DTZ001
    content = excel_file(
        ["GD1", "投诉", 45995.5, "朱家角镇", "王五", "13700000000", CONTENT],
        ["GD2", "投诉", date_cell, "", "王五", "13700000000", CONTENT],
    )

    report = import_hotline_file(supervisor_user, "工单.xlsx", content)

    assert report.ok, [str(error) for error in report.errors]
    first = Complaint.objects.get(source_id="GD1").received_at
    second = Complaint.objects.get(source_id="GD2").received_at
    assert first == datetime.datetime(2025, 12, 4, 12, 0, tzinfo=SHANGHAI)
    assert second == datetime.datetime(2026, 9, 30, 9, 30, tzinfo=SHANGHAI)


def test_every_error_of_row_listed(supervisor_user: User, agency_a: Agency) -> None:
    content = as_json(ticket("GD001", kind="建议", content="太吵", name="", phone=""))

    report = import_hotline_file(supervisor_user, "tickets.json", content)

    fields = [error.field for error in report.errors]
    assert fields == ["kind", "content", "name", "phone"]
    texts = [str(error) for error in report.errors]
    assert "请填写“诉求人”列" in texts[2]
    assert "勾选" not in texts[2]
    assert "请填写“联系电话”列" in texts[3]


def test_anonymous_ticket_drops_contact(supervisor_user: User, agency_a: Agency) -> None:
    content = as_json(ticket("GD001", anonymous="是", phone="不详"))

    report = import_hotline_file(supervisor_user, "tickets.json", content)

    assert report.ok
    complaint = Complaint.objects.get()
    assert (complaint.name, complaint.phone) == ("", "")


def test_replied_ticket_not_rewritten(
    supervisor_user: User, agency_head_user: User, agency_a: Agency
) -> None:
    from zhifa.supervision.complaints.actions import reply_to_complaint
    from zhifa.supervision.complaints.tests.support import REASONED_REPLY

    import_hotline_file(supervisor_user, "day1.json", as_json(ticket("GD001")))
    complaint = Complaint.objects.get()
    reply_to_complaint(agency_head_user, complaint.pk, REASONED_REPLY)
    changed = as_json(ticket("GD001", content="补充：周末也在施工，噪音更大，请再次核查。"))

    report = import_hotline_file(supervisor_user, "day2.json", changed)
    again = import_hotline_file(supervisor_user, "day2-again.json", changed)

    assert report.ok
    assert (report.updated, report.unchanged) == (0, 1)
    assert Complaint.objects.get().content == CONTENT
    assert "GD001" in report.notices[0]
    assert "已答复" in report.notices[0]
    notes = list(complaint.events.filter(kind=ComplaintEventKind.UPDATED).values_list("note"))
    assert len(notes) == 1
    assert "周末也在施工" in notes[0][0]
    assert again.notices == report.notices
    assert ExchangeBatch.objects.get(pk=report.batch.pk).changes["notices"] == report.notices


def test_changed_agency_reported(supervisor_user: User, agency_a: Agency, agency_b: Agency) -> None:
    import_hotline_file(supervisor_user, "day1.json", as_json(ticket("GD001")))

    report = import_hotline_file(
        supervisor_user, "day2.json", as_json(ticket("GD001", agency=agency_b.name))
    )

    assert report.ok
    assert Complaint.objects.get().agency_id == agency_a.pk
    assert len(report.notices) == 1
    assert agency_b.name in report.notices[0]
    assert agency_a.name in report.notices[0]
