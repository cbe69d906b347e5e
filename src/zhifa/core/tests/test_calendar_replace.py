"""Holiday schedule import: complete years only, confirmed replacement, Chinese headers."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from zhifa.accounts.models import AuditEntry, User
from zhifa.core.actions import import_calendar
from zhifa.core.calendar_import import YearsAlreadyLoaded
from zhifa.core.errors import ValidationFailed
from zhifa.core.models import CalendarDay, CalendarYear, DayKind
from zhifa.core.rules import festivals_named, missing_statutory_festivals

OFFICIAL_SCHEDULE = Path(__file__).parent / "data" / "official-holidays.csv"

# Invented schedules: the real notices were not published when these tests were written.
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

# The corrected notice: 2027-02-09 added, 2027-05-03 dropped, 2027-02-20 now a day off.
CORRECTED_2027 = """date,kind,festival
2027-01-01,holiday,元旦
2027-02-06,holiday,春节
2027-02-07,holiday,春节
2027-02-08,holiday,春节
2027-02-09,holiday,春节
2027-02-20,holiday,春节
2027-04-05,holiday,清明节
2027-05-04,holiday,劳动节
2027-06-09,holiday,端午节
2027-09-15,holiday,中秋节
2027-10-01,holiday,国庆节
"""

CHINESE_2027 = """日期,类型,节日
2027-01-01,放假,元旦
2027-02-06,放假,春节
2027-02-20,调休上班,
2027-04-05,休,清明节
2027-05-03,放假,劳动节
2027-06-09,放假,端午节
2027-09-15,放假,中秋节、国庆节
2027-10-09,班,国庆节
"""

INCOMPLETE_2027 = """date,kind,festival
2027-01-01,holiday,元旦
2027-02-06,holiday,春节
2027-04-05,holiday,清明节
2027-10-01,holiday,国庆节
"""


@pytest.mark.parametrize(
    ("texts", "missing"),
    [
        (["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"], []),
        (["新年", "春节", "清明节", "劳动节", "端午节", "国庆节、中秋节"], []),
        (["元旦", "春节", "清明节", "劳动节", "端午节", "国庆节"], ["中秋节"]),
        (["春节", "春节"], ["元旦", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]),
        ([], ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]),
        (["中秋", "国庆"], ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]),
    ],
)
def test_missing_statutory_festivals(texts: list[str], missing: list[str]) -> None:
    assert missing_statutory_festivals(texts) == missing


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("春节", {"春节"}),
        ("国庆节、中秋节", {"国庆节", "中秋节"}),
        ("中秋节/国庆节", {"国庆节", "中秋节"}),
        ("中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日", set()),
    ],
)
def test_festivals_named(text: str, named: set[str]) -> None:
    assert festivals_named(text) == named


@pytest.mark.django_db
def test_incomplete_year_names_missing_festivals() -> None:
    with pytest.raises(ValidationFailed) as caught:
        import_calendar(None, INCOMPLETE_2027, source="测试通知")

    message = caught.value.message
    assert "2027 年不完整" in message
    assert "缺少以下节日的放假日：劳动节、端午节、中秋节" in message
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not AuditEntry.objects.filter(action="calendar_imported").exists()


@pytest.mark.django_db
def test_incomplete_second_year_writes_nothing() -> None:
    text = SCHEDULE_2027 + "2028-01-01,holiday,元旦\n"

    with pytest.raises(ValidationFailed) as caught:
        import_calendar(None, text, source="测试通知")

    assert "2028 年不完整" in caught.value.message
    assert "2027 年" not in caught.value.message
    assert not CalendarYear.objects.filter(year__in=[2027, 2028]).exists()


@pytest.mark.django_db
def test_holiday_without_festival_rejected() -> None:
    text = SCHEDULE_2027.replace("2027-06-09,holiday,端午节", "2027-06-09,holiday,")

    with pytest.raises(ValidationFailed) as caught:
        import_calendar(None, text, source="测试通知")

    assert "第9行：2027-06-09 是放假日，请在“节日”列写明节日名称" in caught.value.message
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.django_db
def test_missing_festival_column_rejected() -> None:
    with pytest.raises(ValidationFailed, match="文件缺少列：节日（festival）"):
        import_calendar(None, "date,kind\n2027-01-01,holiday\n", source="测试通知")


@pytest.mark.django_db
def test_long_festival_rejected() -> None:
    text = SCHEDULE_2027.replace("2027-10-01,holiday,国庆节", "2027-10-01,holiday," + "节" * 33)

    with pytest.raises(ValidationFailed, match="第11行：节日名称超过 32 个字"):
        import_calendar(None, text, source="测试通知")


@pytest.mark.django_db
def test_chinese_headers_and_kinds_load() -> None:
    changes = import_calendar(None, CHINESE_2027, source="测试通知")

    assert [change.year for change in changes] == [2027]
    kinds = dict(CalendarDay.objects.filter(date__year=2027).values_list("date", "kind"))
    assert kinds[datetime.date(2027, 1, 1)] == DayKind.PUBLIC_HOLIDAY
    assert kinds[datetime.date(2027, 2, 20)] == DayKind.MAKEUP_WORKING_DAY
    assert kinds[datetime.date(2027, 4, 5)] == DayKind.PUBLIC_HOLIDAY
    assert kinds[datetime.date(2027, 10, 9)] == DayKind.MAKEUP_WORKING_DAY
    assert CalendarDay.objects.get(date="2027-09-15").festival == "中秋节、国庆节"


@pytest.mark.django_db
def test_loaded_year_needs_replace() -> None:
    import_calendar(None, SCHEDULE_2027, source="初版")

    with pytest.raises(YearsAlreadyLoaded) as caught:
        import_calendar(None, CORRECTED_2027, source="更正")

    assert caught.value.years == [2027]
    assert "2027 年的节假日安排已经导入过" in caught.value.message
    assert caught.value.field == "replace"
    assert CalendarYear.objects.get(year=2027).source == "初版"
    assert not CalendarDay.objects.filter(date="2027-02-09").exists()
    assert AuditEntry.objects.filter(action="calendar_imported").count() == 1


@pytest.mark.django_db
def test_seeded_year_needs_replace() -> None:
    with pytest.raises(YearsAlreadyLoaded) as caught:
        import_calendar(None, OFFICIAL_SCHEDULE.read_text(encoding="utf-8"), source="通知")

    assert caught.value.years == [2024, 2025, 2026]


@pytest.mark.django_db
def test_replace_reports_each_change() -> None:
    import_calendar(None, SCHEDULE_2027, source="初版")

    changes = import_calendar(None, CORRECTED_2027, source="更正", replace=True)

    change = changes[0]
    assert change.replaced
    assert change.added == [datetime.date(2027, 2, 9), datetime.date(2027, 5, 4)]
    assert change.removed == [datetime.date(2027, 5, 3)]
    assert change.changed_kind == [(datetime.date(2027, 2, 20), DayKind.PUBLIC_HOLIDAY)]
    assert change.summary() == (
        "2027 年：已替换，新增 2月9日、5月4日；删除 5月3日；类型改变 2月20日（改为放假）"
    )
    assert CalendarYear.objects.get(year=2027).source == "更正"
    assert CalendarDay.objects.filter(date__year=2027).count() == 11


@pytest.mark.django_db
def test_replace_is_audited_with_changes() -> None:
    import_calendar(None, SCHEDULE_2027, source="初版")

    import_calendar(None, CORRECTED_2027, source="更正", replace=True)

    entry = AuditEntry.objects.filter(action="calendar_imported").latest("id")
    assert entry.detail["replaced"] == {
        "2027": {
            "added": ["2027-02-09", "2027-05-04"],
            "removed": ["2027-05-03"],
            "changed_kind": ["2027-02-20 public_holiday"],
        }
    }


@pytest.mark.django_db
def test_replace_with_same_schedule_reports_no_change() -> None:
    changes = import_calendar(
        None, OFFICIAL_SCHEDULE.read_text(encoding="utf-8"), source="通知", replace=True
    )

    assert [change.summary() for change in changes] == [
        f"{year} 年：已替换，放假和调休日期没有变化" for year in (2024, 2025, 2026)
    ]


@pytest.mark.django_db
def test_replace_on_new_year_is_first_import() -> None:
    changes = import_calendar(None, SCHEDULE_2027, source="初版", replace=True)

    assert not changes[0].replaced
    assert AuditEntry.objects.get(action="calendar_imported").detail["replaced"] == {}


def test_import_records_request_ip(system_admin_user: User) -> None:
    request = RequestFactory().post("/office/calendar/import/", REMOTE_ADDR="192.0.2.10")

    import_calendar(system_admin_user, SCHEDULE_2027, source="测试通知", request=request)

    assert AuditEntry.objects.get(action="calendar_imported").ip_address == "192.0.2.10"


@pytest.mark.django_db
def test_command_refuses_loaded_year(tmp_path: Path) -> None:
    path = tmp_path / "2027.csv"
    path.write_text(SCHEDULE_2027, encoding="utf-8")
    call_command("calendar", "import", str(path), "--source", "初版", stdout=io.StringIO())
    path.write_text(CORRECTED_2027, encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        call_command("calendar", "import", str(path), stdout=io.StringIO())

    assert "2027 年的节假日安排已经导入过" in str(caught.value)
    assert "--replace" in str(caught.value)
    assert caught.value.returncode == 1
    assert CalendarYear.objects.get(year=2027).source == "初版"


@pytest.mark.django_db
def test_command_replace_lists_changes(tmp_path: Path) -> None:
    path = tmp_path / "2027.csv"
    path.write_text(SCHEDULE_2027, encoding="utf-8")
    call_command("calendar", "import", str(path), "--source", "初版", stdout=io.StringIO())
    path.write_text(CORRECTED_2027, encoding="utf-8")
    output = io.StringIO()

    call_command("calendar", "import", str(path), "--replace", "--source", "更正", stdout=output)

    assert output.getvalue().splitlines() == [
        "已导入 2027 年的节假日安排",
        "2027 年：已替换，新增 2月9日、5月4日；删除 5月3日；类型改变 2月20日（改为放假）",
    ]
    assert AuditEntry.objects.filter(action="calendar_imported").latest("id").ip_address is None
