"""Hostile and broken inputs stop early with a Chinese reason and never exhaust the machine (issue 13)."""
from __future__ import annotations

import json
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from kit.content.check import check_paths
from kit.importers import import_files
from kit.importers.records import UnreadableFile

pytestmark = pytest.mark.unit
CEILING = 64 * 2**20  # bytes allocated at peak while one hostile file is read


@pytest.fixture
def peak():
    """Run a call and return its peak of Python allocations (tracemalloc)."""
    def run(call, *args):
        tracemalloc.start()
        try:
            call(*args)
        finally:
            size = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        return size

    return run


def _expect_unreadable(path, match):
    with pytest.raises(UnreadableFile, match=match):
        import_files([path], quizzes=None)


def _small_xlsx(path, rows=(("题干", "答案"), ("党员有退党的自由。", "对"))):
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    book.save(path)


def _rewrite_sheet(path, change):
    """Replace the first sheet's XML with change(xml) inside the same workbook."""
    with zipfile.ZipFile(path) as source:
        parts = {info: source.read(info.filename) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts.items():
            target.writestr(info.filename, change(data) if info.filename == "xl/worksheets/sheet1.xml" else data)


def test_xlsx_that_unpacks_past_the_limit_is_refused_before_reading(tmp_path, monkeypatch, peak):
    from kit.importers import workbooks

    monkeypatch.setattr(workbooks, "MAX_UNZIPPED", 2**20)
    path = tmp_path / "炸弹.xlsx"
    _small_xlsx(path)
    _rewrite_sheet(path, lambda xml: xml.replace(b"</worksheet>", b"<!--" + b" " * 2**21 + b"--></worksheet>"))
    assert peak(_expect_unreadable, path, "解压后有 .*超过上限") < CEILING


def test_a_row_far_below_stops_at_the_row_limit(tmp_path, monkeypatch, peak):
    from kit.importers import workbooks

    monkeypatch.setattr(workbooks, "MAX_ROWS", 1000)
    path = tmp_path / "远行.xlsx"
    _small_xlsx(path)
    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    _rewrite_sheet(path, lambda xml: xml.replace(b"</sheetData>", far))
    assert peak(_expect_unreadable, path, "超过 1000 行") < CEILING


def test_a_merged_range_over_the_whole_sheet_stays_within_the_rows_read(tmp_path, peak):
    path = tmp_path / "合并.xlsx"
    _small_xlsx(path)
    merge = b'<mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>'
    _rewrite_sheet(path, lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + merge))
    assert peak(import_files, [path], "auto", None) < CEILING


def test_csv_field_over_the_limit_names_the_line(tmp_path):
    path = tmp_path / "长.csv"
    path.write_text("题干,答案\n" + "党员有退党的自由。,对\n" + '"' + "长" * 140_000 + '",对\n', encoding="utf-8")
    _expect_unreadable(path, "CSV 第 3 行无法读取（单元格最多 131072 个字符")


def test_deeply_nested_json_is_refused(tmp_path):
    path = tmp_path / "深.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    _expect_unreadable(path, "JSON 嵌套超过 32 层")
    path.write_text(json.dumps({"items": [{"stem": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]}),
                    encoding="utf-8")
    _expect_unreadable(path, "JSON 嵌套超过 32 层")


def test_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    from kit.importers import limits

    monkeypatch.setattr(limits, "MAX_BYTES", 1000)
    path = tmp_path / "大.gift"
    path.write_text("::a:: 题 {T}\n\n" * 200, encoding="utf-8")
    _expect_unreadable(path, "超过题库文件上限")


def test_yaml_alias_bomb_in_a_bank_is_a_problem_not_a_crash(tmp_path, peak):
    lines = ['a0: &a0 ["哈哈哈哈哈哈哈哈", "哈哈哈哈哈哈哈哈", "哈哈哈哈哈哈哈哈", "哈哈哈哈哈哈哈哈"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
    path = tmp_path / "bomb.yml"
    path.write_text("schema: 1\nbank: bomb\ndefaults:\n" + "".join(f"  {x}\n" for x in lines)
                    + "items:\n  - {id: q, type: judge, stem: *a11, answer: true}\n", encoding="utf-8")
    report = []
    assert peak(lambda: report.append(check_paths([path]))) < CEILING
    (problem,) = report[0].errors
    assert problem.line == 1 and "别名" in problem.message


def test_self_referring_yaml_alias_is_a_problem(tmp_path):
    path = tmp_path / "loop.yml"
    path.write_text("schema: 1\nbank: loop\nitems: &x\n  - *x\n", encoding="utf-8")
    (problem,) = check_paths([path]).errors
    assert "自我引用" in problem.message


def test_an_existing_output_is_never_overwritten(tmp_path):
    from kit.importers import write_bank
    from kit.importers.records import BankExists

    from .conftest import IMPORT

    out = tmp_path / "bank.yml"
    out.write_text("# 培训管理员手写的题库\n", encoding="utf-8")
    with pytest.raises(BankExists, match="已存在"):
        write_bank(import_files([IMPORT / "aiken.txt"], quizzes=None), out)
    assert out.read_text(encoding="utf-8") == "# 培训管理员手写的题库\n"
