"""Thirty printed sheets, filled with known answers, scanned with a copier's damage, graded by real nbgrader."""
from __future__ import annotations

import random

import pytest
from openpyxl import load_workbook

from kit.core.answers import read_sheet
from kit.core.grading import grade
from kit.grader.autograde import autograde
from kit.paper.confirm import confirm
from kit.paper.items import keyed
from kit.paper.printing import print_lesson
from kit.paper.review import COLUMNS
from kit.paper.scan import Papers, scan, staged_path

from .conftest import LESSON
from .synth import FAINT, INK, fill_bubble, known_response, mark_slot, scanned, sheet_rasters

pytestmark = pytest.mark.nbgrader
DOUBLE, FAINTLY = 3, 3  # learners who mark one item twice, and learners who mark one item too faintly


def trouble_for(k: int, layout, answers: dict) -> tuple[int, str] | None:
    singles = [s.item.n for s in layout.slots if s.item.type == "single" and answers[s.item.n] is not None]
    if not singles or k >= DOUBLE + FAINTLY:
        return None
    return singles[0], "double" if k < DOUBLE else "faint"


def fill_sheet(image, layout, page: int, answers: dict, trouble, dpi: int) -> None:
    for slot in layout.on_page(page):
        n = slot.item.n
        mark_slot(image, slot, answers[n], dpi, FAINT if trouble == (n, "faint") else INK)
        if trouble == (n, "double"):
            fill_bubble(image, next(b for b in slot.bubbles if b.value != answers[n]), dpi)


@pytest.fixture(scope="module")
def scanned_course(released, tmp_path_factory):
    """Print the branch's PDF, fill every sheet, rasterise at 150 or 300 dpi, damage, shuffle, scan."""
    course, roster = released
    rng = random.Random(2024)
    printed = print_lesson(course, LESSON, tmp_path_factory.mktemp("printed"), one_file=True)
    papers, known, troubles, files = Papers(course, LESSON), {}, {}, []
    rasters = sheet_rasters(printed.papers[0], lambda who: 150 if int(who[2:]) % 2 else 300)  # half at each
    for k, raster in enumerate(sorted(rasters, key=lambda r: r.learner)):
        layout = papers.layout(raster.learner)
        keys = keyed(course.root, layout.paper)
        known[raster.learner] = {i.n: known_response(i, keys[i.question.id], rng) for i in layout.paper.items}
        troubles[raster.learner] = trouble_for(k, layout, known[raster.learner])
        image = raster.image.copy()
        fill_sheet(image, layout, raster.page, known[raster.learner], troubles[raster.learner], raster.dpi)
        upside_down = k == 7  # fed into the scanner the wrong way round
        files.append(scanned(image, rng, angle=180 + rng.uniform(-3, 3) if upside_down else None))
    rng.shuffle(files)
    scans = tmp_path_factory.mktemp("scans")
    for n, data in enumerate(files):
        (scans / f"scan-{n:03d}.jpg").write_bytes(data)
    report = scan(course, LESSON, [scans])
    return course, roster, papers, known, troubles, report


def test_every_learner_and_every_clear_answer_is_recovered(scanned_course):
    course, roster, papers, known, troubles, report = scanned_course
    assert report.problems == [] and report.sheets == 30
    assert sorted(report.waiting) == sorted(x.id for x in roster)  # the lesson ends with a 学习体会: all wait
    for learner, answers in known.items():
        paper = papers.layout(learner).paper
        sheet = read_sheet(staged_path(course, LESSON, learner))
        handwritten = {i.n for i in paper.items if i.type in ("fill", "short")}
        unclear = {troubles[learner][0]} if troubles[learner] else set()
        for item in paper.items:
            if item.n in handwritten | unclear:
                assert sheet.response(item.quiz, item.question.id) is None
            else:
                assert sheet.response(item.quiz, item.question.id) == answers[item.n], (learner, item.n)
        assert sheet.draws == paper.quizzes


def test_double_faint_and_handwriting_go_to_the_review_list(scanned_course):
    course, _, papers, known, troubles, report = scanned_course
    rows = review_rows(report.review)
    assert {t[1] for t in troubles.values() if t} == {"double", "faint"}
    for learner in known:
        paper = papers.layout(learner).paper
        expected = {(i.n, i.type) for i in paper.items if i.type in ("fill", "short")}
        if troubles[learner]:
            expected.add(troubles[learner])
        assert {(r["n"], r["why"]) for r in rows if r["learner"] == learner} == expected
    assert report.waiting == {who: sum(r["learner"] == who for r in rows) for who in known}


def review_rows(path) -> list[dict]:
    sheet = load_workbook(path).worksheets[0]
    out = []
    for row in sheet.iter_rows(min_row=2, values_only=True):
        cells = dict(zip(COLUMNS, row))
        reason = {"涂了两个": "double", "涂得太浅或没涂满": "faint", "填空（手写）": "fill", "简答（手写）": "short"}
        out.append({"learner": cells["learner"], "n": int(cells["n"]), "why": reason[cells["reason"]]})
    return out


def test_confirmed_review_list_grades_like_the_grading_function(scanned_course):
    course, _, papers, known, _, report = scanned_course
    book = load_workbook(report.review)
    sheet = book.worksheets[0]
    answer_col = COLUMNS.index("answer") + 1
    for row in sheet.iter_rows(min_row=2):  # the trainer types what the sheet shows
        learner, n = row[0].value, int(row[2].value)
        item = papers.layout(learner).paper.items[n - 1]
        row[answer_col - 1].value = item.printed(known[learner][n]) or "未作答"
    book.save(report.review)
    confirmed = confirm(course, report.review)
    assert confirmed.problems == [] and sorted(confirmed.submitted) == sorted(known)
    course.collect(LESSON)
    graded = autograde(course, LESSON)
    assert sorted(graded.graded) == sorted(known) and not graded.failed
    scores = course.scores(LESSON)
    for learner, answers in known.items():
        assert scores[learner] == pytest.approx(expected_cells(course, papers, learner, answers))


def expected_cells(course, papers, learner: str, answers: dict) -> dict:
    """Grade cell → points from grade() of the known answers (short answers wait for the trainer)."""
    paper = papers.layout(learner).paper
    keys = keyed(course.root, paper)
    out, slot = {}, {}
    for item in paper.items:
        if item.type == "short":
            out[f"{item.quiz}-{item.question.id}"] = None
            continue
        slot[item.quiz] = slot.get(item.quiz, 0) + 1
        out[f"{item.quiz}-{slot[item.quiz]}"] = grade(keys[item.question.id], answers[item.n]).points
    return out
