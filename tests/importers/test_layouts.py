"""The layouts trainers actually bring, each from a small file written in that layout (issue 14)."""
from __future__ import annotations

import shutil

import pytest

from kit.importers.formats import detect

from .conftest import IMPORT, by_stem

pytestmark = pytest.mark.unit


def test_old_xls_from_an_exam_system_with_a_title_row_and_正确选项(imported, tmp_path):
    renamed = tmp_path / "导出.dat"  # --format auto tells an .xls by its first bytes, whatever its name
    shutil.copy(IMPORT / "exam_system.xls", renamed)
    assert detect(renamed).name == "xls"
    result = imported(renamed)
    items = by_stem(result)
    assert items["党员年满（ ）岁可以申请入党。"].answer == "B"
    assert items["党的纪律包括哪些？"].answer == frozenset("ABC")
    assert (items["预备党员的预备期为一年。"].answer, items["党员可以不参加党的组织生活。"].answer) == (True, False)
    assert [str(r) for r in result.rejected] == [f"{renamed}:试题:7: 有 2 个选项，但缺少答案（没有标出正确选项）"]
    assert result.notes == (f"{renamed}:试题:2: 表头中这些列未识别，已忽略：序号、章、节、备注",)


def test_a_broken_xls_and_an_html_table_named_xls_get_chinese_reasons(imported, tmp_path):
    from kit.importers.records import UnreadableFile

    broken, html = tmp_path / "坏.xls", tmp_path / "网页.xls"
    broken.write_bytes((IMPORT / "exam_system.xls").read_bytes()[:1500])
    html.write_text("<html><table><tr><td>题目</td></tr></table></html>", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="旧版 Excel.*另存为 .xlsx"):
        list(imported(broken).items)
    with pytest.raises(UnreadableFile, match="网页（HTML）表格"):
        imported(html)


def test_english_headers_and_type_labels(imported):
    items = imported(IMPORT / "english.csv").items
    assert [(q.type, q.answer) for q in items] == [("single", "B"), ("multiple", frozenset("ABC")), ("judge", True)]
    assert items[0].explanation == "Party Constitution Article 7."


def test_options_in_one_cell_judge_1_0_and_options_without_answer(imported):
    result = imported(IMPORT / "one_cell.csv")
    items = by_stem(result)
    assert items["党员的预备期为（ ）。"].options == (("A", "半年"), ("B", "一年"), ("C", "两年"))
    assert items["党的纪律包括哪些？"].options == (("A", "政治纪律"), ("B", "组织纪律"), ("C", "饮食纪律"))
    assert (items["党员有退党的自由。"].answer, items["党员可以不参加组织生活。"].answer) == (True, False)
    assert [r.reason for r in result.rejected] == ["有 2 个选项，但缺少答案（没有标出正确选项）"]


def test_option_text_loses_only_its_own_letter(imported):
    items = by_stem(imported(IMPORT / "prefixed.csv"))
    assert items["党的最高领导机关是？"].options[0] == ("A", "党的全国代表大会")
    assert items["党内监督的方式有？"].options[1] == ("B", "谈话函询")
    assert items["选项本身以字母开头也不误删："].options == (("A", "A"), ("B", "C 选项"), ("C", "C"))


def test_numbered_blanks_and_alternatives_told_apart_by_the_blank_count(imported):
    items = by_stem(imported(IMPORT / "fill_numbered.csv"))
    assert items["党的基层组织每届任期（ ）年至（ ）年。"].answer == (("三",), ("五",))
    assert items["入党年龄须年满（ ）岁。"].answer == (("十八", "18"),)
    assert items["党的纪律处分有（ ）种、党员义务有（ ）项。"].answer == (("五",), ("八",))


def test_xuexi_qiangguo_map(imported):
    items = by_stem(imported(IMPORT / "xuexi_map.json"))
    assert items["党员年满多少岁可以申请入党？"].answer == "B"  # the answer given as the option's text
    assert items["党的最高领导机关是？"].option_text("A") == "党的全国代表大会和它所产生的中央委员会"
    assert items["预备党员的预备期为一年。"].answer is True


def test_json_grouped_by_type_with_key_and_aliases(imported):
    items = by_stem(imported(IMPORT / "grouped.json"))
    assert items["党的根本组织原则是？"].answer == "A"
    assert items["党的纪律包括哪些？"].answer == frozenset("AB")
    assert items["党员有退党的自由。"].answer is True
    assert items["入党年龄须年满（ ）岁。"].answer == (("十八", "18", "十八周岁"),)  # aliases kept


def test_json_type_labels(imported):
    result = imported(IMPORT / "labels.json")
    assert [q.type for q in result.items] == ["single", "multiple", "single", "judge", "fill", "single", "multiple",
                                              "multiple", "judge"]
    assert not result.rejected


def test_letter_answers_without_options_are_rejected_never_judged(imported):
    result = imported(IMPORT / "letters.json")
    assert [q.type for q in result.items] == ["judge"]  # only 正确 is a judge answer
    assert [r.reason for r in result.rejected] == [
        "答案「A」是选项字母，但这道题没有选项：无法判断正确内容，未导入（请补上选项）",
        "答案「ABCD」是选项字母，但这道题没有选项：无法判断正确内容，未导入（请补上选项）"]


def test_wenjuanxing_text(imported):
    path = IMPORT / "wjx.txt"
    assert detect(path).name == "wjx"
    result = imported(path)
    items = by_stem(result)
    assert items["党员年满多少岁可以申请入党？（ ）"].answer == "B"
    assert items["党的纪律包括（ ）"].answer == frozenset("ABC")
    assert items["预备党员的预备期为一年。"].answer is True
    assert items["党的最高领导机关是（ ）。"].answer == (("党的全国代表大会",),)
    assert items["党员有（ ）项义务。"].explanation == "党章第三条。"
    assert not result.rejected


def test_aiken_without_answer_never_merges_questions(imported):
    result = imported(IMPORT / "aiken_missing.txt")
    assert [(q.stem, q.options) for q in result.items] == [
        ("党的根本组织原则是？", (("A", "民主集中制"), ("B", "集体领导"))),
        ("党的最高领导机关是？", (("A", "全国代表大会"), ("B", "中央政治局")))]
    assert [(r.where.line, r.kind) for r in result.rejected] == [(1, "no_answer"), (11, "no_answer")]
    assert "缺少 ANSWER: 行" in result.rejected[0].reason


def test_gift_right_marks_html_blocks_and_cloze(imported):
    result = imported(IMPORT / "extras.gift")
    items = {q.id.split("-")[-1]: q for q in result.items}
    q1, q2, q3 = (next(q for q in result.items if q.stem.startswith(s)) for s in ("党员的预备期", "党的最高", "党的基层"))
    assert (q1.answer, q1.option_text("A")) == ("A", "一年")  # {~=一年 …}
    assert q2.stem == "党的最高领导机关是？" and q2.options == (("A", "党的全国代表大会"), ("B", "中央政治局"))
    assert dict(q2.feedback) == {"B": "不对"}
    assert q3.stem == "党的基层组织每届任期（ ）年至（ ）年。" and q3.answer == (("三", "3"), ("五", "5"))
    assert len(items) == 3
    assert [(r.where.line, r.kind) for r in result.rejected] == [(8, "unknown_type"), (10, "unknown_type")]
    assert "2 个答案块" in result.rejected[0].reason and "Cloze" in result.rejected[1].reason


def test_an_unrecognised_sheet_is_reported_with_its_rows(workbooks, imported):
    result = imported(workbooks["practical"])
    assert sorted(q.type for q in result.items) == ["judge", "single", "single"]
    assert [(r.where.sheet, r.kind) for r in result.rejected] == [("实操题", "sheet")]
    assert "其中 2 行未导入" in result.rejected[0].reason and "操作要求" in result.rejected[0].reason


@pytest.mark.parametrize("name, text, why", [
    ("empty.aiken", "\n\n", "Aiken 每题为题干"),
    ("blank.gift", "// only a comment\n", "GIFT 每题须有答案块"),
])
def test_a_file_that_yields_nothing_says_why(imported, tmp_path, name, text, why):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = imported(path)
    assert result.summary().startswith("导入 0 题，跳过 1 题（文件中没有题目 1）")
    assert why in result.rejected[0].reason


def test_a_missing_answer_column_is_said_once_for_the_file(imported, tmp_path):
    path = tmp_path / "无答案列.csv"
    path.write_text("题型,试题内容,A,B,标答\n单选题,党员的预备期为？,半年,一年,B\n单选题,党的根本组织原则是？,民主集中制,集体领导,A\n",
                    encoding="utf-8")
    result = imported(path)
    assert [r.kind for r in result.rejected] == ["no_answer", "no_answer"]
    assert result.notes == (f"{path}:1: 表头中这些列未识别，已忽略：标答",
                            f"{path}:1: 表头中没有答案列（可用列名：答案、正确答案、正确选项、标准答案、参考答案、试题答案 等），"
                            "选择题、判断题和填空题都会因缺少答案被跳过")
