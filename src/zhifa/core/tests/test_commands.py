"""Output of ``zhifa calendar`` and ``zhifa validate``, through call_command and a real process."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

PROJECT_DIR = Path(__file__).resolve().parents[4]
ZHIFA = Path(sys.executable).parent / "zhifa"


def run(*args: str) -> str:
    output = io.StringIO()
    call_command(*args, stdout=output)
    return output.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("deadline", "2026-09-27", "7"), "2026-10-12"),
        (("deadline", "2026-09-30T00:30:00+08:00", "1"), "2026-10-08"),
        (("deadline", "2026-09-29T16:30:00Z", "1"), "2026-10-08"),
        (("deadline", "2026-09-20", "15", "--calendar-days"), "2026-10-08"),
        (("is-working-day", "2026-10-10"), "yes"),
        (("is-working-day", "2026-10-01"), "no"),
    ],
)
def test_calendar_command_output(args: tuple[str, ...], expected: str) -> None:
    assert run("calendar", *args) == expected + "\n"


@pytest.mark.django_db
def test_calendar_years_lists_covered_years() -> None:
    lines = run("calendar", "years").split()

    assert lines[-3:] == ["2024", "2025", "2026"]


@pytest.mark.django_db
def test_calendar_deadline_uncovered_year_fails() -> None:
    with pytest.raises(CommandError) as caught:
        run("calendar", "deadline", "2026-12-31", "1")

    assert "2027 年" in str(caught.value)
    assert "zhifa calendar import" in str(caught.value)


@pytest.mark.django_db
@pytest.mark.parametrize("start", ["2026-02-30", "2026-09-30T00:30:00", "明天"])
def test_calendar_deadline_bad_start_fails(start: str) -> None:
    with pytest.raises(CommandError, match="日期"):
        run("calendar", "deadline", start, "3")


def test_validate_single_value_prints_word() -> None:
    assert run("validate", "id-number", "11010519491231002X") == "valid\n"
    assert run("validate", "uscc", "91350100M000100Y43") == "valid\n"


def test_validate_single_invalid_value_fails() -> None:
    output = io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("validate", "id-number", "110105194912310021", stdout=output)

    assert output.getvalue() == "invalid: 校验码错误：最后一位应为X，实际为1\n"
    assert caught.value.returncode == 1


def test_validate_several_values_prints_table() -> None:
    output = io.StringIO()

    with pytest.raises(CommandError):
        call_command("validate", "uscc", "91350100M000100Y43", "91350100M000100Y44", stdout=output)

    assert output.getvalue().splitlines() == [
        "91350100M000100Y43\tvalid",
        "91350100M000100Y44\tinvalid: 校验码错误：最后一位应为3，实际为4",
    ]


def test_validate_file_prints_table(tmp_path: Path) -> None:
    values = tmp_path / "values.txt"
    values.write_text("11010519491231002X\n\n110105491231002\n", encoding="utf-8")

    output = run("validate", "id-number", "--file", str(values))

    assert output.splitlines() == ["11010519491231002X\tvalid", "110105491231002\tvalid"]


def test_validate_converts_legacy_only_on_request() -> None:
    assert run("validate", "id-number", "110105491231002") == "valid\n"
    assert (
        run("validate", "id-number", "--convert-legacy", "110105491231002")
        == "11010519491231002X\n"
    )


@pytest.fixture(scope="module")
def command_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment of a real ``zhifa`` process with its own migrated SQLite database."""
    data_dir = tmp_path_factory.mktemp("zhifa-data")
    env = {
        **os.environ,
        "ZHIFA_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'db.sqlite3'}",
        "TZ": "UTC",
    }
    subprocess.run(  # noqa: S603 - fixed arguments
        [str(ZHIFA), "migrate", "--noinput"],
        env=env,
        cwd=PROJECT_DIR,
        check=True,
        capture_output=True,
    )
    return env


@pytest.mark.parametrize(
    "start", ["2026-09-27", "2026-09-30T00:30:00+08:00", "2026-09-29T16:30:00Z"]
)
def test_real_process_with_utc_timezone(command_env: dict[str, str], start: str) -> None:
    days = "7" if start == "2026-09-27" else "1"
    expected = "2026-10-12" if start == "2026-09-27" else "2026-10-08"

    completed = subprocess.run(  # noqa: S603 - fixed arguments
        [str(ZHIFA), "calendar", "deadline", start, days],
        env=command_env,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == expected + "\n"


def test_real_process_uncovered_year_exits_nonzero(command_env: dict[str, str]) -> None:
    completed = subprocess.run(  # noqa: S603 - fixed arguments
        [str(ZHIFA), "calendar", "deadline", "2026-12-31", "1"],
        env=command_env,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode != 0
    assert completed.stdout == ""
    assert "2027 年" in completed.stderr


def test_real_process_validate_exit_status(command_env: dict[str, str]) -> None:
    completed = subprocess.run(  # noqa: S603 - fixed arguments
        [str(ZHIFA), "validate", "id-number", "11010519491231002X", "110105199902300021"],
        env=command_env,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 1
    assert completed.stdout.splitlines() == [
        "11010519491231002X\tvalid",
        "110105199902300021\tinvalid: 出生日期 19990230 不是真实存在的日期",
    ]


def test_real_process_import_loaded_year_exits_nonzero(command_env: dict[str, str]) -> None:
    schedule = Path(__file__).parent / "data" / "official-holidays.csv"

    completed = subprocess.run(  # noqa: S603 - fixed arguments
        [str(ZHIFA), "calendar", "import", str(schedule)],
        env=command_env,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode != 0
    assert completed.stdout == ""
    assert "2024、2025、2026 年的节假日安排已经导入过" in completed.stderr
    assert "--replace" in completed.stderr
