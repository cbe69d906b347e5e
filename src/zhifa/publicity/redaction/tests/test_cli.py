"""``zhifa publicity redact``: files, standard input, several parties, JSON and errors."""

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency
from zhifa.publicity.redaction.actions import MethodChange, set_masking_method

pytestmark = pytest.mark.django_db

TEXT = "当事人张三，手机13800138000。证人李四在场。上海华光餐饮管理有限公司提供了票据。\n"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("publicity", "redact", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def decision(tmp_path: Path) -> Path:
    path = tmp_path / "decision.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_file_masked(decision: Path) -> None:
    output = run(str(decision), "--party", "张三")
    assert (
        output
        == "当事人张某某，手机[电话已隐去]。证人李某某在场。上海华光餐饮管理有限公司提供了票据。\n"
    )


def test_several_parties(decision: Path) -> None:
    output = run(str(decision), "--party", "张三", "--party", "上海华光餐饮管理有限公司")
    assert "张某某" in output
    assert "上海华光餐饮管理有限公司" in output


def test_company_party_name_kept(tmp_path: Path) -> None:
    path = tmp_path / "company.txt"
    path.write_text("当事人青浦区华新镇老王面馆", encoding="utf-8")
    assert run(str(path), "--party", "青浦区华新镇老王面馆") == "当事人青浦区华新镇老王面馆\n"


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO("当事人王五到场".encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert run("-", "--party", "王五") == "当事人王某某到场\n"


def test_bom_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff当事人张三".encode())
    assert run(str(path), "--party", "张三") == "当事人张某某\n"


def test_gbk_file_rejected(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("当事人张三".encode("gbk"))
    with pytest.raises(CommandError, match="不是 UTF-8 编码"):
        run(str(path), "--party", "张三")


def test_missing_file_rejected(tmp_path: Path) -> None:
    missing = tmp_path / "none.txt"
    with pytest.raises(CommandError) as raised:
        run(str(missing))
    assert str(raised.value) == f"文件 {missing}不存在，请检查路径。"


def test_folder_rejected(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as raised:
        run(str(tmp_path))
    assert "不是文件" in str(raised.value)
    assert "directory" not in str(raised.value)


def test_other_read_error_in_chinese(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("当事人张三", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        run(str(plain / "decision.txt"))
    assert str(raised.value) == f"无法读取文件 {plain / 'decision.txt'}：路径中的某一级不是文件夹。"


def test_missing_file_stops_before_output(decision: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("publicity", "redact", str(decision), str(tmp_path / "none.txt"), stdout=out)
    assert out.getvalue() == ""


def test_several_files_headed(decision: Path, tmp_path: Path) -> None:
    second = tmp_path / "second.txt"
    second.write_text("证人王小明在场", encoding="utf-8")
    output = run(str(decision), str(second), "--party", "张三")
    assert f"==> {decision} <==\n" in output
    assert f"==> {second} <==\n证人王某某在场\n" in output


def test_json_output(decision: Path) -> None:
    body = json.loads(run(str(decision), "--party", "张三", "--json"))
    assert body[0]["file"] == str(decision)
    assert body[0]["masked"].startswith("当事人张某某")
    first = body[0]["masks"][0]
    assert (first["start"], first["end"], first["kind"]) == (3, 5, "name")


def test_keep_and_mask_options(decision: Path) -> None:
    output = run(str(decision), "--keep", "李四", "--mask", "华光餐饮")
    assert "证人李四在场" in output
    assert "上海[已隐去]管理有限公司" in output


def test_agency_policy(decision: Path, make_user: Callable[..., User], agency_a: Agency) -> None:
    head = make_user("head", Role.AGENCY_HEAD, agency=agency_a)
    set_masking_method(head, MethodChange(agency_a.pk, "natural_person", "name", "full"))
    output = run(str(decision), "--party", "张三", "--agency", str(agency_a.pk))
    assert output.startswith("当事人某某，")


def test_unknown_agency_rejected(decision: Path) -> None:
    with pytest.raises(CommandError, match="执法主体编号 999999 不存在"):
        run(str(decision), "--agency", "999999")


def test_tester_cases_on_command_line(tmp_path: Path) -> None:
    path = tmp_path / "cases.txt"
    path.write_text("张三丰到场。当事人张三（李四陪同）。0086-13812345671", encoding="utf-8")
    output = run(str(path), "--party", "张三")
    assert output == "张某某到场。当事人张某某（李某某陪同）。[电话已隐去]\n"


def test_json_lists_suspects(tmp_path: Path) -> None:
    path = tmp_path / "suspect.txt"
    path.write_text("检查时李四也在店内。", encoding="utf-8")
    body = json.loads(run(str(path), "--json"))
    assert body[0]["suspects"] == ["李四"]
    assert body[0]["masked"] == "检查时李四也在店内。"
