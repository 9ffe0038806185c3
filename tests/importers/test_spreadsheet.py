"""Spreadsheets as exam systems export them: merged headers, one sheet per type, GBK and BOM CSVs."""
from __future__ import annotations

import pytest

from kit.importers.records import UnreadableFile

from .conftest import IMPORT, by_stem

pytestmark = pytest.mark.unit


def test_merged_title_header_and_type_cells(workbooks, imported):
    result = imported(workbooks["exam_system"])
    items = by_stem(result)
    assert len(result.items) == 8
    second = items["党的最高领导机关是哪一个？"]  # 题型 merged down from the row above
    assert (second.type, second.answer, second.option_text("A")) == ("single", "A", "党的全国代表大会和它所产生的中央委员会")
    assert items["根据《中国共产党章程》（2022年修改），年满多少岁可以申请入党？"].answer == "B"  # full-width Ｂ
    assert items["党的纪律包括哪些？"].answer == frozenset("ABC")  # 'a b c'
    assert items["党的纪律包括哪些？"].tags == ("纪律", "处分")
    assert items["按规定，以下哪些说法正确？"].points == 3  # '3分'
    assert items["党的基层组织每届任期（ ）年至（ ）年。"].answer == (("三",), ("五",))
    assert items["简述“三会一课”的内容。"].reference.startswith("支部党员大会")


def test_rejected_rows_name_sheet_row_and_reason(workbooks, imported):
    rejected = [str(r) for r in imported(workbooks["exam_system"]).rejected]
    name = str(workbooks["exam_system"])
    assert rejected == [
        f"{name}:试题:12: 答案「E」不在选项中",
        f"{name}:试题:13: 有 2 个选项，但缺少答案（没有标出正确选项）",
        f"{name}:试题:14: 未知题型「论文题」（可用 单选题、多选题、判断题、填空题、简答题 或 1–5）",
    ]


def test_one_sheet_per_type_without_a_type_column(workbooks, imported):
    result = imported(workbooks["by_type"])
    assert sorted(q.type for q in result.items) == ["fill", "judge", "judge", "multiple", "short", "single"]
    fill = next(q for q in result.items if q.type == "fill")
    assert fill.stem == "党的最高领导机关是（ ）。" and fill.answer == (("党的全国代表大会", "全国代表大会"),)
    assert not result.rejected


def test_gbk_csv_with_type_codes(imported):
    result = imported(IMPORT / "gbk.csv")
    assert [q.type for q in result.items] == ["single", "multiple", "judge", "judge", "fill", "short"]
    assert result.items[0].explanation == "党章总纲。"


def test_bom_csv_with_awkward_answers(imported):
    result = imported(IMPORT / "bom.csv")
    items = by_stem(result)
    assert items["党的根本组织原则是什么？"].answer == "C"  # ｃ; the second row with that stem is a duplicate
    assert items["党的作风包括？"].answer == frozenset("ABC")  # Ａ Ｂ Ｃ
    assert items["党员的预备期为（ ）年；党员大会每（ ）召开一次。"].answer == (("一",), ("三个月", "季度"))
    assert [r.kind for r in result.rejected] == ["duplicate", "invalid", "bad_answer"]
    assert items["党员年满（ ）岁可以申请入党。"].answer == (("十八", "18"),)  # one blank: 十八|18 are alternatives
    assert result.summary() == "导入 8 题，跳过 3 题（答案无法识别 1、重复 1、不合规 1）"


def test_a_sheet_without_a_header_is_unreadable(tmp_path, imported):
    path = tmp_path / "notes.csv"
    path.write_text("姓名,支部\n张三,一支部\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="找不到表头") as caught:
        imported(path)
    assert caught.value.exit_code == 2


def test_a_damaged_workbook_is_unreadable(tmp_path, imported):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(UnreadableFile, match="broken.xlsx"):
        imported(path)


def test_an_unknown_encoding_is_unreadable(tmp_path, imported):
    path = tmp_path / "odd.csv"
    path.write_bytes(b"\xff\xfe\x00\x81\x30\xff")
    with pytest.raises(UnreadableFile, match="编码"):
        imported(path)


def test_a_first_row_with_letters_in_it_is_data_not_a_subheader(tmp_path, imported):
    path = tmp_path / "bank.csv"
    path.write_text("题型,题干,选项A,选项B,答案\n单选题,问题？,0,a,A\n", encoding="utf-8")
    assert imported(path).items[0].options == (("A", "0"), ("B", "a"))


def test_an_unmerged_options_group_with_letters_below(tmp_path, imported):
    path = tmp_path / "bank.csv"
    path.write_text("题干,选项,,,答案\n,A,B,C,\n问题？,甲,乙,丙,C\n", encoding="utf-8")
    assert imported(path).items[0].answer == "C"
