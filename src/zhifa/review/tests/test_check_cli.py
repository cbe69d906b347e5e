"""``zhifa review check``: by case number in Chinese lines, and by JSON file or stdin as JSON."""

import datetime
import io
import json
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases import actions
from zhifa.cases.models import Case
from zhifa.cases.tests.steps_support import (
    World,
    advance_to_decision,
    at,
    build_world,
    cover_next_year,
    notice_input,
    office,
    open_ordinary,
)

PROPOSAL = {
    "kind": "penalty",
    "agency": "区市场监管局",
    "penalty_types": ["fine"],
    "fine": "60000",
    "party_kinds": ["legal_person"],
    "decided_on": "2026-12-01",
}


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def noticed_case(world: World) -> Case:
    """A case whose prior notice proposes a fine of 8000 yuan to a natural person."""
    case = open_ordinary(world)
    advance_to_decision(world, case)
    penalty = actions.PenaltyInput(types=["fine"], fine="8000")
    notice = notice_input(datetime.date(2026, 10, 28), penalty=penalty, hearing_right_told=True)
    actions.give_prior_notice(world.officer_user, case, office("", at(10, 28)), notice)
    return case


def run(*args: str, stdin: str = "") -> str:
    """Run the command with ``stdin`` as standard input; return what it printed."""
    out = io.StringIO()
    saved, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        call_command("review", "check", *args, stdout=out)
    finally:
        sys.stdin = saved
    return out.getvalue()


def test_case_number_prints_chinese_lines(noticed_case: Case) -> None:
    output = run(noticed_case.number)
    lines = output.splitlines()
    assert lines[0] == f"案件：{noticed_case.number} {noticed_case.title}"
    assert lines[1] == "是否重大执法决定：是（符合1项情形）"
    assert "对公民罚款8000元，达到较大数额5000元" in lines[2]
    assert lines[3].startswith("   依据：《中华人民共和国行政处罚法》第六十三条第一款")
    assert lines[3].endswith("（依据待核实）")


def test_unknown_case_number_exits_1(db: None) -> None:
    with pytest.raises(CommandError) as error:
        run("QP-NONE-1")
    assert error.value.returncode == 1
    assert "找不到案号" in str(error.value)


def test_json_file_prints_assessment(agency_b: Agency, tmp_path: Path) -> None:
    path = tmp_path / "proposal.json"
    path.write_text(json.dumps(PROPOSAL, ensure_ascii=False), encoding="utf-8")

    result = json.loads(run("--json", str(path)))

    assert result["major"] is True
    assert [match["code"] for match in result["matches"]] == ["hearing_fine_organization"]
    assert result["proposal"]["agency"] == agency_b.pk


def test_json_from_stdin_keeps_chinese(agency_b: Agency) -> None:
    output = run("--json", "-", stdin=json.dumps({**PROPOSAL, "fine": "49999.99"}))
    assert json.loads(output)["major"] is False
    assert "没有施行中的法制审核目录清单" in output


def test_bad_json_names_line_and_column(db: None, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "kind": "penalty",\n  "fine": 60000,,\n}', encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run("--json", str(path))
    assert error.value.returncode == 2
    assert "第 3 行第 17 列有误" in str(error.value)


def test_invalid_field_exits_2(db: None) -> None:
    with pytest.raises(CommandError) as error:
        run("--json", "-", stdin=json.dumps({**PROPOSAL, "agency": None, "kind": "arrest"}))
    assert error.value.returncode == 2
    assert "（kind）应为以下之一" in str(error.value)


def test_missing_file_exits_2(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError) as error:
        run("--json", str(tmp_path / "none.json"))
    assert error.value.returncode == 2
    assert "找不到文件" in str(error.value)
    assert "No such file" not in str(error.value)


def test_directory_exits_2(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError) as error:
        run("--json", str(tmp_path))
    assert error.value.returncode == 2
    assert "是目录" in str(error.value)


def test_json_file_with_bom(agency_b: Agency, tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(PROPOSAL, ensure_ascii=False), encoding="utf-8-sig")
    assert json.loads(run("--json", str(path)))["major"] is True


def test_json_stdin_with_bom(agency_b: Agency) -> None:
    output = run("--json", "-", stdin="\ufeff" + json.dumps(PROPOSAL, ensure_ascii=False))
    assert json.loads(output)["major"] is True


def test_unknown_agency_message_has_no_scope(db: None) -> None:
    with pytest.raises(CommandError) as error:
        run("--json", "-", stdin=json.dumps({**PROPOSAL, "agency": "不存在的局"}))
    assert "找不到执法主体“不存在的局”" in str(error.value)
    assert "查看范围" not in str(error.value)


def test_decided_on_year_one_exits_2(agency_b: Agency) -> None:
    with pytest.raises(CommandError) as error:
        run("--json", "-", stdin=json.dumps({**PROPOSAL, "decided_on": "0001-01-01"}))
    assert error.value.returncode == 2
    assert "拟决定日期" in str(error.value)


def test_needs_exactly_one_input(db: None) -> None:
    with pytest.raises(CommandError, match="二者选一"):
        run()
