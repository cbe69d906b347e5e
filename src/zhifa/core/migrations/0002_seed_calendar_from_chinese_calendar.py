"""Seed the calendar with every year the chinese-calendar package covers.

The package's data is a snapshot of the State Council notices; later years are imported with
``zhifa calendar import``. Festival names are translated to the Chinese names the notices use.
"""

from django.db import migrations

FESTIVAL_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
# Shown as each day's 依据, so it names the notices themselves, not the package that copied them.
SOURCE = "国务院办公厅历年部分节假日安排的通知"


def seed(apps, schema_editor):
    from chinese_calendar import constants

    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear = apps.get_model("core", "CalendarYear")

    days = [
        CalendarDay(
            date=day, kind="public_holiday", festival=FESTIVAL_NAMES.get(name, name), source=SOURCE
        )
        for day, name in constants.holidays.items()
    ]
    days += [
        CalendarDay(
            date=day,
            kind="makeup_working_day",
            festival=FESTIVAL_NAMES.get(name, name),
            source=SOURCE,
        )
        for day, name in constants.workdays.items()
    ]
    CalendarDay.objects.bulk_create(days, ignore_conflicts=True)

    years = sorted({day.year for day in constants.holidays})
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=year, source=SOURCE) for year in years], ignore_conflicts=True
    )


def unseed(apps, schema_editor):
    apps.get_model("core", "CalendarDay").objects.filter(source=SOURCE).delete()
    apps.get_model("core", "CalendarYear").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
