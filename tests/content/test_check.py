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
    groups = {p.item: p.message for p in report.warnings}
    assert "c-age（" in groups["t-age"] and groups["t-age"].startswith("2 道题的题干几乎相同")
    assert "c-discipline（" in groups["t-discipline"]


def test_near_duplicates_print_as_capped_groups(tmp_path):
    from kit.content.check import GROUPS_SHOWN

    stems = ["".join(chr(0x4E00 + (i * 7919 + j * 104729) % 20000) for j in range(24)) for i in range(GROUPS_SHOWN + 5)]
    variants = [lambda x: x, lambda x: x + "吗", lambda x: x[:-1] + "，呢。"]  # one character apart
    items = "".join(f"  - {{id: q{i}-{k}, type: judge, stem: \"{change(stem)}\", answer: true}}\n"
                    for i, stem in enumerate(stems) for k, change in enumerate(variants))
    (tmp_path / "many.yml").write_text(f"schema: 1\nbank: many\nitems:\n{items}", encoding="utf-8")
    warnings = check_paths([tmp_path / "many.yml"]).warnings
    assert len(warnings) == GROUPS_SHOWN + 1
    assert all(w.message.startswith("3 道题的题干几乎相同") for w in warnings[:-1])
    assert warnings[-1].message == "另有 5 组题干几乎相同的题目（共 15 题）未列出"


def test_superseded_version_must_be_marked_historical(tmp_path):
    text = (BANKS / "sample.yml").read_text(encoding="utf-8").replace('version: "2022", article', 'version: "2017", article')
    (tmp_path / "old.yml").write_text(text, encoding="utf-8")
    assert any("historical" in p.message for p in check_paths([tmp_path / "old.yml"]).errors)


def test_fill_key_whose_bare_number_would_be_marked_wrong_warns(tmp_path):
    text = (BANKS / "sample.yml").read_text(encoding="utf-8")
    assert "answer: [三年, 五年]" in text
    (tmp_path / "odd.yml").write_text(text.replace("answer: [三年, 五年]", "answer: [三年以后, 五年]"), encoding="utf-8")
    report = check_paths([tmp_path / "odd.yml"])
    (warning,) = [p for p in report.warnings if p.item == "t-term"]
    assert "第 1 空" in warning.message and "「3」" in warning.message and not report.errors
    assert not [p for p in check_paths([BANKS / "sample.yml"]).warnings if p.item == "t-term"]


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


def test_near_duplicate_groups_are_those_of_the_full_pairwise_scan():
    """LSH only picks which pairs to score: on 200 look-alike stems it finds the groups that scoring all pairs finds."""
    import random

    from rapidfuzz.fuzz import ratio
    from rapidfuzz.process import cdist

    from kit.content.near_duplicates import THRESHOLD, _Groups, near_duplicate_groups, normalised
    from kit.core.model import Question

    rng = random.Random(7)
    docs, subjects = ["《中国共产党章程》", "《中国共产党纪律处分条例》"], ["党员", "党支部", "党小组", "纪委"]
    stems = [f"根据{rng.choice(docs)}，{rng.choice(subjects)}关于第{rng.randrange(30)}条的要求，下列说法正确的是第{i}项？"
             for i in range(200)]
    every = _Groups(len(stems))
    keys = [normalised(x) for x in stems]
    for i, j in zip(*cdist(keys, keys, scorer=ratio, score_cutoff=THRESHOLD).nonzero()):
        every.join(int(i), int(j))
    expected = sorted(sorted(g) for g in every.members() if len(g) > 1)
    found = near_duplicate_groups([Question(id=f"q{i}", type="short", stem=s) for i, s in enumerate(stems)])
    assert expected and sorted(sorted(int(q.id[1:]) for q in g) for g in found) == expected
