"""`kit import` and `kit export` in-process: messages, exit codes 0/1/2, --force, round trip."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from kit.cli import main

from .conftest import IMPORT

pytestmark = pytest.mark.unit


@pytest.fixture
def kit(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def run(*args):
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)

    return run


def test_import_writes_a_draft_bank_and_reports_bad_rows(kit, tmp_path):
    result = kit("import", IMPORT / "bom.csv", "--bank", "dangzhang")
    assert result.exit_code == 0
    assert "已写入 quizzes/dangzhang.yml：8 题" in result.stdout
    assert "bom.csv:3: 与已有题目重复" in result.stderr
    assert "导入 8 题，跳过 3 题（答案无法识别 1、重复 1、不合规 1）" in result.stderr
    assert kit("check", "quizzes").exit_code == 0


def test_import_refuses_to_overwrite_then_forces(kit):
    assert kit("import", IMPORT / "aiken.txt", "--out", "a.yml").exit_code == 0
    again = kit("import", IMPORT / "aiken.txt", "--out", "a.yml")
    assert again.exit_code == 1 and "--force" in again.stderr
    assert kit("import", IMPORT / "aiken.txt", "--out", "a.yml", "--force").exit_code == 0


def test_nothing_imported_exits_1(kit):
    assert kit("import", IMPORT / "gbk.csv").exit_code == 0
    again = kit("import", IMPORT / "gbk.csv", "--out", "other.yml")  # every row is already in quizzes/
    assert again.exit_code == 1 and "没有导入任何题目" in again.stderr


def test_unreadable_input_exits_2(kit, tmp_path):
    (tmp_path / "x.json").write_text("[{", encoding="utf-8")
    result = kit("import", "x.json")
    assert result.exit_code == 2 and "x.json：无法读取（JSON 格式错误（第 1 行" in result.stderr
    assert kit("import", "missing.csv").exit_code == 2


def test_format_option_overrides_detection(kit, tmp_path):
    (tmp_path / "bank.dat").write_text("问题？\nA. 甲\nB. 乙\nANSWER: A\n", encoding="utf-8")
    assert kit("import", "bank.dat", "--format", "aiken").exit_code == 0


@pytest.mark.parametrize("fmt", ["xlsx", "gift", "json"])
def test_export_then_import_again(kit, tmp_path, fmt):
    kit("import", IMPORT / "gbk.csv", "--bank", "gbk")
    result = kit("export", "quizzes/gbk.yml", "--format", fmt)
    assert result.exit_code == 0 and f"已导出 6 题到 gbk.{fmt}" in result.stdout
    again = kit("import", f"gbk.{fmt}", "--out", "quizzes/gbk.yml", "--force")  # replacing: not duplicates
    assert again.exit_code == 0 and "导入 6 题，跳过 0 题" in again.stderr
