"""The import as a whole: stable ids, duplicates of existing banks, a bank that passes kit check."""
from __future__ import annotations

import pytest

from kit.content.check import check_paths
from kit.importers import import_files, write_bank
from kit.importers.identity import slug
from kit.importers.records import BankExists, NothingImported

from ..conftest import ROOT
from .conftest import IMPORT

pytestmark = pytest.mark.unit
ALL = ["gbk.csv", "bom.csv", "moodle.gift", "aiken.txt", "common.json", "packed.json"]


def test_ids_are_stable_ascii_and_prefixed(imported):
    first, again = imported(IMPORT / "gbk.csv", bank="dang zhang"), imported(IMPORT / "gbk.csv", bank="dang zhang")
    assert [q.id for q in first.items] == [q.id for q in again.items]
    assert all(q.id.startswith("dang-zhang-") and q.id.isascii() for q in first.items)
    assert len({q.id for q in first.items}) == len(first.items)


def test_chinese_bank_names_still_give_ascii_ids():
    assert slug("党章题库").startswith("bank-") and slug("党章题库") == slug("党章题库")


@pytest.mark.parametrize("name", ALL)
def test_every_imported_bank_passes_kit_check(tmp_path, imported, name):
    result = imported(IMPORT / name)
    out = write_bank(result, tmp_path / "quizzes" / "imported.yml")
    report = check_paths([out])
    assert not report.errors, report.errors
    assert len(report.questions) == len(result.items)
    assert {q.status for q in report.questions.values()} == {"draft"}
    assert all(q.source is None for q in report.questions.values())


def test_written_bank_reads_back_the_same_items(tmp_path, workbooks, imported):
    result = imported(workbooks["exam_system"])
    out = write_bank(result, tmp_path / "bank.yml")
    text = out.read_text(encoding="utf-8")
    assert "年满多少岁可以申请入党" in text and "\\u" not in text  # readable Chinese, not escaped
    again = {q.id: q for q in check_paths([out]).questions.values()}
    assert all(again[q.id] == q for q in result.items)


def test_duplicates_of_items_already_in_quizzes(tmp_path):
    quizzes = tmp_path / "quizzes"
    write_bank(import_files([IMPORT / "gbk.csv"], quizzes=None), quizzes / "gbk.yml")
    result = import_files([IMPORT / "gbk.csv"], quizzes=quizzes)
    assert not result.items and {r.kind for r in result.rejected} == {"duplicate"}
    assert "gbk.yml" in result.rejected[0].reason
    replacing = import_files([IMPORT / "gbk.csv"], quizzes=quizzes, replacing=quizzes / "gbk.yml")
    assert len(replacing.items) == 6


def test_the_project_banks_are_the_default_for_duplicates(monkeypatch, imported):
    monkeypatch.chdir(ROOT)
    assert import_files([IMPORT / "aiken.txt"]).items  # reads ./quizzes without tripping over facts/


def test_never_overwrites_without_force(tmp_path, imported):
    result = imported(IMPORT / "aiken.txt")
    out = write_bank(result, tmp_path / "a.yml")
    with pytest.raises(BankExists, match="--force"):
        write_bank(result, out)
    assert write_bank(result, out, force=True) == out


def test_nothing_imported_is_an_error_with_exit_code_1(tmp_path, imported):
    path = tmp_path / "empty.csv"
    path.write_text("题干,答案\n没有答案的题,\n", encoding="utf-8")
    result = imported(path)
    assert result.summary() == "导入 0 题，跳过 1 题（缺少答案 1）"
    with pytest.raises(NothingImported) as caught:
        write_bank(result, tmp_path / "out.yml")
    assert caught.value.exit_code == 1 and not (tmp_path / "out.yml").exists()


def test_several_files_make_one_bank(imported):
    result = imported(IMPORT / "aiken.txt", IMPORT / "packed.json", bank="mixed")
    assert len(result.items) == 6 and result.bank == "mixed"
