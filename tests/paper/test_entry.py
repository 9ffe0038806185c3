"""Clear sheets go straight to nbgrader; typed XLSX entry takes the same path; the CLI drives both."""
from __future__ import annotations

import random

import numpy as np
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from kit.cli import main
from kit.core.answers import read_sheet
from kit.core.grading import grade
from kit.grader.autograde import autograde
from kit.paper.items import keyed, learner_items
from kit.paper.scan import Papers

from .conftest import SMALL, small_course
from .synth import known_response, mark_slot, scanned, sheet_rasters

pytestmark = pytest.mark.nbgrader


@pytest.fixture()
def course(tmp_path):
    course = small_course(tmp_path)
    course.add_learners([{"id": who, "name": who} for who in ("dy001", "dy002", "张三")])
    course.generate(SMALL)
    course.release(SMALL)
    return course


def kit(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def expected_totals(course, answers: dict[str, dict[int, object]]) -> dict[str, float]:
    out = {}
    for who, given in answers.items():
        paper = learner_items(course.root, course.course_id, SMALL, who)
        keys = keyed(course.root, paper)
        out[who] = sum(grade(keys[i.question.id], given[i.n]).points for i in paper.items)
    return out


def test_clear_scans_are_submitted_at_once_and_graded(course, tmp_path):
    printed = kit("paper", SMALL, "--course", course.root, "--out", tmp_path / "pdf", "--learner", "dy001",
                  "--learner", "张三")
    assert printed.exit_code == 0 and "已生成 2 份纸质测验" in printed.output
    rng, answers, scans = random.Random(5), {}, tmp_path / "scans"
    scans.mkdir()
    for pdf in sorted((tmp_path / "pdf").glob("*.pdf")):
        raster = sheet_rasters(pdf, 200)[0]
        paper = learner_items(course.root, course.course_id, SMALL, raster.learner)
        keys = keyed(course.root, paper)
        answers[raster.learner] = {i.n: known_response(i, keys[i.question.id], rng) for i in paper.items}
        image = raster.image.copy()
        for slot in Papers(course, SMALL).layout(raster.learner).slots:
            mark_slot(image, slot, answers[raster.learner][slot.item.n], 200)
        (scans / f"{raster.learner}.jpg").write_bytes(scanned(image, rng))
    (scans / "notes.jpg").write_bytes(b"not an image")
    (scans / "back.jpg").write_bytes(scanned(np.full((2339, 1654), 255, np.uint8), rng))  # a sheet's empty back
    result = kit("scan", scans, "--lesson", SMALL, "--course", course.root)
    assert result.exit_code == 0, result.output
    assert "已提交 2 人，待复核 0 人，问题 1 条" in result.output and "notes.jpg：无法读取" in result.output
    assert "跳过空白页 1 页" in result.output
    course.collect(SMALL)
    assert sorted(autograde(course, SMALL).graded) == ["dy001", "张三"]
    assert course.totals(SMALL) == pytest.approx(expected_totals(course, answers))
    sheet = read_sheet(course.root / "submitted" / "张三" / SMALL / f"{SMALL}.answers.json")
    assert [e["event"] for e in sheet.events][:1] == ["paper"] and sheet.events[-1]["via"] == "paper"


def test_typed_entry_submits_valid_rows_and_names_bad_cells(course, tmp_path):
    template = tmp_path / "录入.xlsx"
    assert kit("entry", template, "--lesson", SMALL, "--course", course.root, "--template").exit_code == 0
    book = load_workbook(template)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]][:5] == ["学号", "姓名", "第1题", "第2题", "第3题"]
    typed, answers = {}, {}
    for row in sheet.iter_rows(min_row=2):
        who = row[0].value
        paper = learner_items(course.root, course.course_id, SMALL, who)
        keys = keyed(course.root, paper)
        answers[who] = {i.n: known_response(i, keys[i.question.id], random.Random(who)) for i in paper.items}
        typed[who] = [paper.items[n - 1].printed(answers[who][n]) or None for n in (1, 2, 3)]
        for n, text in enumerate(typed[who], start=3):
            row[n - 1].value = text.replace("正确", "对").replace("错误", "错") if text else None
    sheet["C3"] = "E"  # dy002's first item has no option E
    book.save(template)
    result = kit("entry", template, "--lesson", SMALL, "--course", course.root)
    assert result.exit_code == 1
    assert f"{template}:3: dy002 第1题: 「E」不是本题的选项字母" in result.output
    assert "已提交 2 人" in result.output
    course.collect(SMALL)
    autograde(course, SMALL)
    del answers["dy002"]
    assert course.totals(SMALL) == pytest.approx(expected_totals(course, answers))


def test_review_list_waits_for_every_row_and_names_bad_values(course, tmp_path):
    from kit.paper.confirm import confirm
    from kit.paper.printing import print_lesson
    from kit.paper.scan import scan, staged_path

    from .synth import fill_bubble

    printed = print_lesson(course, SMALL, tmp_path / "pdf", only=["dy001"])
    raster = sheet_rasters(printed.papers[0], 150)[0]
    slots = Papers(course, SMALL).layout("dy001").slots
    image = raster.image.copy()
    for bubble in slots[0].bubbles[:2]:  # item 1 (one answer) marked twice
        fill_bubble(image, bubble, 150)
    mark_slot(image, slots[1], [slots[1].bubbles[0].value], 150)
    (tmp_path / "dy001.jpg").write_bytes(scanned(image, random.Random(1)))
    report = scan(course, SMALL, [tmp_path / "dy001.jpg"])
    assert report.waiting == {"dy001": 1} and report.submitted == []
    assert confirm(course, report.review).waiting == {"dy001": 1}  # nothing typed yet: nothing submitted
    for text, problem in [("Z", "dy001 第1题: 「Z」不是本题的选项字母"), ("B", "")]:
        book = load_workbook(report.review)
        book.worksheets[0]["H2"] = text
        book.save(report.review)
        result = confirm(course, report.review)
        assert (problem in "\n".join(result.problems)) if problem else result.submitted == ["dy001"]
    assert not staged_path(course, SMALL, "dy001").exists()
    assert "没有待复核的扫描结果" in confirm(course, report.review).problems[0]
    course.collect(SMALL)
    sheet = read_sheet(course.root / "submitted" / "dy001" / SMALL / f"{SMALL}.answers.json")
    assert [e["event"] for e in sheet.events if e["event"] in ("paper", "reviewed", "submitted")] == \
        ["paper", "reviewed", "submitted"]
    assert sheet.response("paperdemo-exam", "t-age") == slots[0].bubbles[1].value  # printed B
    assert sheet.response("paperdemo-exam", "t-discipline") == [slots[1].bubbles[0].value]
