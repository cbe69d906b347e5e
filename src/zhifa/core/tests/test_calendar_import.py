"""Loading a holiday schedule: all rows or none, audited, from the action and the command."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from zhifa.accounts.models import AuditEntry, User
from zhifa.core.actions import import_calendar, remove_calendar_day, set_calendar_day
from zhifa.core.errors import NotPermitted, ValidationFailed
from zhifa.core.models import CalendarDay, CalendarYear, DayKind
from zhifa.core.workdays import add_working_days, is_working_day

# An invented 2027 schedule: the real notice was not published when this test was written.
SCHEDULE_2027 = """date,kind,festival
2027-01-01,holiday,元旦
2027-02-06,holiday,春节
2027-02-07,holiday,春节
2027-02-08,holiday,春节
2027-02-20,makeup_working_day,春节
2027-04-05,holiday,清明节
2027-05-03,holiday,劳动节
2027-06-09,holiday,端午节
2027-09-15,holiday,中秋节
2027-10-01,holiday,国庆节
"""
SCHEDULE_2027_ROWS = 10

BAD_SCHEDULE = """date,kind,festival
2027-01-01,holiday,元旦
2027-02-30,holiday,春节
2027-02-07,day_off,春节
2027-02-08,makeup_working_day,春节
2027-01-01,holiday,元旦
"""


@pytest.mark.django_db
def test_good_file_loads_year() -> None:
    changes = import_calendar(None, SCHEDULE_2027, source="测试通知")

    assert [change.year for change in changes] == [2027]
    assert CalendarYear.objects.get(year=2027).source == "测试通知"
    assert CalendarDay.objects.filter(date__year=2027).count() == SCHEDULE_2027_ROWS
    assert not is_working_day("2027-02-08")
    assert is_working_day("2027-02-20")
    assert add_working_days("2026-12-31", 1) == datetime.date(2027, 1, 4)


@pytest.mark.django_db
def test_import_audited_without_actor() -> None:
    import_calendar(None, SCHEDULE_2027, source="测试通知")

    entry = AuditEntry.objects.get(action="calendar_imported")
    assert entry.actor is None
    assert entry.detail == {
        "years": [2027],
        "rows": SCHEDULE_2027_ROWS,
        "source": "测试通知",
        "replaced": {},
    }


@pytest.mark.django_db
def test_bad_rows_write_nothing() -> None:
    with pytest.raises(ValidationFailed) as caught:
        import_calendar(None, BAD_SCHEDULE, source="测试通知")

    message = caught.value.message
    assert "第3行：日期“2027-02-30”无效" in message
    assert "第4行：类型“day_off”无效" in message
    assert "第5行：2027-02-08 是周一至周五" in message
    assert "第6行：日期 2027-01-01 重复" in message
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not AuditEntry.objects.filter(action="calendar_imported").exists()


@pytest.mark.django_db
def test_missing_columns_rejected() -> None:
    with pytest.raises(ValidationFailed, match="文件缺少列：类型（kind）"):
        import_calendar(None, "date,festival\n2027-01-01,元旦\n", source="测试通知")


def test_import_by_officer_refused(officer_user: User) -> None:
    with pytest.raises(NotPermitted):
        import_calendar(officer_user, SCHEDULE_2027, source="测试通知")


def test_import_by_system_admin_records_actor(system_admin_user: User) -> None:
    import_calendar(system_admin_user, SCHEDULE_2027, source="测试通知")

    assert AuditEntry.objects.get(action="calendar_imported").actor == system_admin_user
    assert CalendarYear.objects.get(year=2027).loaded_by == system_admin_user


def test_set_and_remove_day(system_admin_user: User) -> None:
    set_calendar_day(
        system_admin_user, datetime.date(2026, 12, 31), DayKind.PUBLIC_HOLIDAY, festival="测试"
    )
    assert not is_working_day("2026-12-31")

    remove_calendar_day(system_admin_user, datetime.date(2026, 12, 31))
    assert is_working_day("2026-12-31")

    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["calendar_day_set", "calendar_day_removed"]


@pytest.mark.parametrize(
    ("day", "kind", "message"),
    [
        (datetime.date(2027, 1, 1), DayKind.PUBLIC_HOLIDAY, "2027 年的节假日安排尚未导入"),
        (datetime.date(2026, 12, 30), DayKind.MAKEUP_WORKING_DAY, "本来就是工作日"),
    ],
)
def test_set_day_rejected(
    system_admin_user: User, day: datetime.date, kind: str, message: str
) -> None:
    with pytest.raises(ValidationFailed, match=message):
        set_calendar_day(system_admin_user, day, kind)


def test_remove_missing_day_rejected(system_admin_user: User) -> None:
    with pytest.raises(ValidationFailed, match="没有节假日或调休记录"):
        remove_calendar_day(system_admin_user, datetime.date(2026, 12, 30))


def test_set_day_by_supervisor_refused(supervisor_user: User) -> None:
    with pytest.raises(NotPermitted):
        set_calendar_day(supervisor_user, datetime.date(2026, 12, 31), DayKind.PUBLIC_HOLIDAY)


@pytest.mark.django_db
def test_command_imports_file(tmp_path: Path) -> None:
    path = tmp_path / "2027.csv"
    path.write_text(SCHEDULE_2027, encoding="utf-8")
    output = io.StringIO()

    call_command("calendar", "import", str(path), "--source", "测试通知", stdout=output)

    assert output.getvalue() == "已导入 2027 年的节假日安排\n"
    assert AuditEntry.objects.get(action="calendar_imported").detail["source"] == "测试通知"


@pytest.mark.django_db
def test_command_lists_row_errors(tmp_path: Path) -> None:
    path = tmp_path / "2027.csv"
    path.write_text(BAD_SCHEDULE, encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        call_command("calendar", "import", str(path))

    lines = str(caught.value).splitlines()
    assert lines[0] == "导入失败，未写入任何数据："
    assert len(lines) == 5
    assert not CalendarYear.objects.filter(year=2027).exists()
