"""kit check: every rule names file, line and item; the shipped content is clean."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from kit.cli import main
from kit.content.bank import load_bank
from kit.content.check import check_paths
from kit.core.errors import BankError

from ..conftest import FIXTURES, ROOT

pytestmark = pytest.mark.unit
BANKS = FIXTURES / "banks"


@pytest.mark.parametrize("line,item,text", [
    (8, "b-no-option", "答案 C 不在选项中"),
    (14, "b-two", "单选题只能有一个答案"),
    (18, "b-judge", "判断题答案必须是 true 或 false"),
    (22, "b-empty", "选择题缺少选项"),
    (24, "b-verified", "缺少解析"),
    (24, "b-verified", "缺少出处"),
    (30, "b-type", "未知题型 essay"),
    (36, "b-version", "没有 2019 版"),
])
def test_broken_bank_names_file_line_and_item(line, item, text):
    report = check_paths([BANKS / "broken.yml"])
    lines = [str(p) for p in report.errors]
    assert any(s.startswith(f"{BANKS / 'broken.yml'}:{line}: {item}: ") and text in s for s in lines), lines


def test_duplicate_ids_across_files():
    report = check_paths([BANKS / "broken.yml", BANKS / "sample.yml"])
    dup = [p for p in report.errors if "编号重复" in p.message]
    assert len(dup) == 1 and dup[0].item == "t-age" and "broken.yml:37" in dup[0].message


def test_invalid_yaml_reports_its_line():
    (problem,) = check_paths([BANKS / "bad-yaml.yml"]).errors
    assert problem.line == 6 and "YAML" in problem.message


def test_wrong_encoding():
    (problem,) = check_paths([BANKS / "gbk.yml"]).errors
    assert "UTF-8" in problem.message


def test_near_duplicate_stems_warn(tmp_path):
    text = (BANKS / "sample.yml").read_text(encoding="utf-8")
    copy = text.replace("bank: sample", "bank: copy").replace("id: t-", "id: c-").replace("多少岁", "几岁")
    (tmp_path / "copy.yml").write_text(copy, encoding="utf-8")
    report = check_paths([BANKS / "sample.yml", tmp_path / "copy.yml"])
    assert not report.errors
    assert {p.item for p in report.warnings} >= {"c-age", "c-discipline"}


def test_superseded_version_must_be_marked_historical(tmp_path):
    text = (BANKS / "sample.yml").read_text(encoding="utf-8").replace('version: "2022", article', 'version: "2017", article')
    (tmp_path / "old.yml").write_text(text, encoding="utf-8")
    assert any("historical" in p.message for p in check_paths([tmp_path / "old.yml"]).errors)


def test_load_bank_raises_with_all_problems():
    with pytest.raises(BankError) as exc:
        load_bank(BANKS / "broken.yml")
    assert len(exc.value.problems) >= 8


def test_cli_exit_codes():
    runner = CliRunner()
    bad = runner.invoke(main, ["check", str(BANKS / "broken.yml")])
    good = runner.invoke(main, ["check", str(BANKS / "sample.yml")])
    assert bad.exit_code == 1 and "b-judge" in bad.output
    assert good.exit_code == 0, good.output


def test_shipped_banks_and_lessons_are_clean():
    report = check_paths([ROOT / "quizzes", ROOT / "lessons"])
    assert not report.problems, "\n".join(map(str, report.problems))
    assert len(report.questions) >= 15
    assert {q.type for q in report.questions.values()} == {"single", "multiple", "judge", "fill", "short"}


def test_drawn_exam_pooling_a_hand_graded_item_is_rejected(tmp_path):
    """The issue-12 bug: a drawn exam with a short item in its pool; `kit check` names file, line and quiz."""
    lesson = (FIXTURES / "lessons" / "sample.md").read_text(encoding="utf-8")
    lesson = lesson.replace("draw: 3\npool: {tags: [测验]}", "draw: 3\nitems: [t-age, t-discipline, t-reflect, t-term]")
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "mixed.md").write_text(lesson, encoding="utf-8")
    report = check_paths([BANKS / "sample.yml", tmp_path / "lessons" / "mixed.md"])
    line = next(n for n, s in enumerate(lesson.splitlines(), 1) if s == "id: sample-exam") - 1
    (problem,) = [p for p in report.errors if "人工评分" in p.message]
    assert str(problem).startswith(f"{tmp_path / 'lessons' / 'mixed.md'}:{line}: sample-exam: ")
    assert "t-reflect" in problem.message
    result = CliRunner().invoke(main, ["check", str(BANKS / "sample.yml"), str(tmp_path / "lessons" / "mixed.md")])
    assert result.exit_code == 1 and "sample-exam" in result.output
