"""Batched autograde writes exactly the rows nbgrader's own gradebook calls write, learner by learner: on a first
grading, on a second one after a trainer's manual scores, extra credit and an extension, and when a learner falls
back to nbgrader's gradebook (a failure, or a call the batch does not keep)."""
from __future__ import annotations

import random
import shutil
from datetime import datetime

import nbformat
import pytest
from sqlalchemy.exc import OperationalError

from kit.core.notebook import KERNELSPEC
from kit.course.manifest import Manifest
from kit.demo import answer_lesson
from kit.grader import batch as batching
from kit.grader.autograde import autograde
from kit.grader.converter import FAILED, IN_PROCESS, Grader
from kit.grader.pipeline import Course

from .gradebook_rows import gradebook_rows
from .test_round_trip import LESSON, NOTEBOOK, build

pytestmark = pytest.mark.nbgrader
ON_TIME, LATE = "2024-06-01 09:30:00.000000 +0800", "2024-06-03 09:30:00.000000 +0800"
# learner → (timestamp.txt, what else happens to the submission)
LEARNERS = {"ontime": (ON_TIME, None), "late": (LATE, None), "noanswers": (ON_TIME, "drop-answers"),
            "badtime": ("这不是时间", None), "stranger": (ON_TIME, None), "nonotebook": (ON_TIME, "drop-notebook"),
            "again": (ON_TIME, None)}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """A course with every case collected and never graded (the template each test copies)."""
    return collect_cases(tmp_path_factory.mktemp("batch")).root


def collect_cases(root, db_url: str | None = None) -> Course:
    """Every case of LEARNERS handed in and collected; the same answers each time (a fixed seed)."""
    course = build(root / "course", late_penalty="zero")
    if db_url:
        with (course.root / "nbgrader_config.py").open("a", encoding="utf-8") as config:
            config.write(f"c.CourseDirectory.db_url = {db_url!r}\n")
    course.add_learners([{"id": who} for who in LEARNERS if who != "stranger"])  # a learner not on the roster
    course.generate(LESSON, due=datetime(2024, 6, 2, 12, 0))
    course.release(LESSON)
    manifest, rng = Manifest.load(course.root / "kit" / "manifest.json"), random.Random(5)
    for who in LEARNERS:
        folder = course.fetch(LESSON, who, root / "homes" / who)
        answer_lesson(folder, who, manifest, 0.7, rng)
        course.submit(LESSON, who, root / "homes" / who)
    course.collect(LESSON)
    layout = course.layout()
    for who, (stamp, accident) in LEARNERS.items():
        folder = layout.folder("submitted", who, LESSON)
        (folder / "timestamp.txt").write_text(stamp, encoding="utf-8")
        if accident == "drop-answers":
            next(folder.glob("*.answers.json")).unlink()
        if accident == "drop-notebook":
            (folder / f"{NOTEBOOK}.ipynb").unlink()
    return course


@pytest.fixture
def one_by_one(monkeypatch) -> list[str]:
    """Learners the batch handed to nbgrader's own gradebook (Grader.grade still runs; it is only listened to)."""
    heard: list[str] = []
    grade = Grader.grade

    def listened(self, learner):
        heard.append(learner)
        return grade(self, learner)

    monkeypatch.setattr(Grader, "grade", listened)
    return heard


def _copy(template, to) -> Course:
    shutil.copytree(template, to)
    return Course(to)


def grade_one_by_one(course: Course) -> dict:
    grader = Grader(course.root, LESSON)
    try:
        return {who: grader.grade(who) for who in LEARNERS}
    finally:
        grader.gradebook.close()


def grade_in_batches(course: Course) -> dict:
    grader = Grader(course.root, LESSON)
    try:
        return {o.learner: o for o in grader.grade_many(list(LEARNERS))}
    finally:
        grader.gradebook.close()


def trainer_changes(course: Course) -> None:
    """Between two gradings: a manual score with extra credit, an extension, and a learner's new hand-in time."""
    with course.gradebook() as gb:
        grade = min(gb.find_submission_notebook(NOTEBOOK, LESSON, "ontime").grades, key=lambda g: g.name)
        grade.manual_score, grade.extra_credit = 0.5, 1.0
        gb.db.commit()
        gb.grant_extension(LESSON, "late", days=2)
    (course.layout().folder("submitted", "again", LESSON) / "timestamp.txt").write_text(LATE, encoding="utf-8")


def test_batched_rows_equal_nbgraders_own_on_first_and_second_grading(collected, tmp_path, one_by_one):
    stock, batched = _copy(collected, tmp_path / "one"), _copy(collected, tmp_path / "batch")
    first = grade_one_by_one(stock)
    one_by_one.clear()
    assert grade_in_batches(batched) == first
    assert one_by_one == ["badtime"]  # only the learner nbgrader fails on was graded again, one by one
    assert first["badtime"].path == first["nonotebook"].path == FAILED and first["ontime"].path == IN_PROCESS
    rows = gradebook_rows(stock.db_url)
    assert gradebook_rows(batched.db_url) == rows
    assert "stranger" in [row[0] for row in rows["students"]] and len(rows["grades"]) == 5 * 4
    before = stock.totals(LESSON)
    assert before["late"] == 0 < before["ontime"]  # late_penalty="zero": nbgrader's penalty took the whole score

    for course in (stock, batched):
        trainer_changes(course)
    assert grade_in_batches(batched) == grade_one_by_one(stock)
    again = gradebook_rows(stock.db_url)
    assert gradebook_rows(batched.db_url) == again
    assert again != rows and stock.totals(LESSON)["late"] > 0 and stock.totals(LESSON)["again"] == 0
    hand = [row for row in again["grades"] if row[0] == "ontime" and row[6] == 0.5]
    assert len(hand) == 1 and hand[0][7] == 1.0 and hand[0][8]  # kept, and flagged for a look (as nbgrader does)


def test_a_learner_the_batch_cannot_keep_goes_through_nbgraders_gradebook(collected, tmp_path, monkeypatch,
                                                                          one_by_one):
    stock, batched = _copy(collected, tmp_path / "one"), _copy(collected, tmp_path / "batch")
    expected = grade_one_by_one(stock)
    one_by_one.clear()
    kept = batching.Batch.update_or_create_submission

    def refuse_one(self, assignment, student, **given):
        if student == "late":
            raise batching.NotBatched("a call this test makes unknown")
        return kept(self, assignment, student, **given)

    monkeypatch.setattr(batching.Batch, "update_or_create_submission", refuse_one)
    assert grade_in_batches(batched) == expected
    assert sorted(one_by_one) == ["badtime", "late"]
    assert gradebook_rows(batched.db_url) == gradebook_rows(stock.db_url)


def test_a_batch_that_cannot_be_written_is_graded_one_by_one(collected, tmp_path, monkeypatch, one_by_one):
    stock, batched = _copy(collected, tmp_path / "one"), _copy(collected, tmp_path / "batch")
    expected = grade_one_by_one(stock)
    one_by_one.clear()
    written = []

    def locked(self):
        written.append(len(self._submissions))
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(batching.Batch, "write", locked)
    assert grade_in_batches(batched) == expected
    assert written == [5]  # the batch held the five gradable learners, and wrote none of them
    assert sorted(one_by_one) == sorted(set(LEARNERS) - {"nonotebook"})  # so each was graded again
    assert gradebook_rows(batched.db_url) == gradebook_rows(stock.db_url)


def test_the_batch_refuses_what_it_does_not_keep(collected, tmp_path):
    course = _copy(collected, tmp_path / "c")
    grader = Grader(course.root, LESSON)
    try:
        batch = batching.Batch(grader.gradebook, grader.lookups, LESSON, ["ontime"])
        with pytest.raises(batching.NotBatched):
            batch.add_grade  # noqa: B018 (an nbgrader Gradebook method the autograde steps never call)
        submission = batch.update_or_create_submission(LESSON, "ontime", timestamp=ON_TIME)
        with pytest.raises(batching.NotBatched):
            submission.student = "someone else"  # not a column: never written
        with pytest.raises(batching.NotBatched):
            batch.update_or_create_submission("another-lesson", "ontime")
    finally:
        grader.gradebook.close()


def _trainers_own_notebook() -> nbformat.NotebookNode:
    """An nbgrader notebook written by hand, not by `kit build`: code with a hidden test, a written answer, a task."""
    def meta(grade_id: str, **flags) -> dict:
        return {"nbgrader": {"grade_id": grade_id, "schema_version": 3, "grade": False, "solution": False,
                             "task": False, "locked": False, **flags}}
    cells = [
        nbformat.v4.new_code_cell("def square(x):\n    ### BEGIN SOLUTION\n    return x * x\n    ### END SOLUTION",
                                  metadata=meta("square", solution=True)),
        nbformat.v4.new_code_cell("assert square(3) == 9", metadata=meta("test-square", grade=True, locked=True,
                                                                          points=2)),
        nbformat.v4.new_markdown_cell("YOUR ANSWER HERE", metadata=meta("essay", grade=True, solution=True, points=3)),
        nbformat.v4.new_markdown_cell("请在支部会上发言。", metadata=meta("speech", task=True, locked=True, points=1)),
    ]
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC})


def _hand_in(course: Course, who: str, answer: str | None) -> None:
    folder = course.layout().folder("submitted", who, LESSON)
    shutil.copytree(course.layout().folder("release", ".", LESSON), folder)
    path = folder / "练习.ipynb"
    nb = nbformat.read(path, 4)
    if answer is not None:
        nb.cells[0].source = f"def square(x):\n    return {answer}"
        nb.cells[2].source = "纪律是党的生命。"
    nbformat.write(nb, path)
    (folder / "timestamp.txt").write_text(ON_TIME, encoding="utf-8")


@pytest.mark.notebook
def test_a_trainers_own_notebook_graded_in_a_kernel_leaves_stock_nbgraders_rows(tmp_path, one_by_one):
    """A notebook that is not the kit's runs in nbgrader's kernel; its rows (solution comments, a failed test, a
    written answer to grade by hand, a task cell's grade and comment) still go through the batch, and equal stock's."""
    course = build(tmp_path / "course")
    nbformat.write(_trainers_own_notebook(), course.layout().folder("source", ".", LESSON) / "练习.ipynb")
    course.add_learners([{"id": who} for who in ("right", "wrong", "blank")])
    course.generate(LESSON)
    course.release(LESSON)
    for who, answer in {"right": "x * x", "wrong": "x + x", "blank": None}.items():
        _hand_in(course, who, answer)
    kit = _copy(course.root, tmp_path / "kit")
    stock_report, kit_report = autograde(course, LESSON, fast=False), autograde(kit, LESSON)
    assert sorted(kit_report.fell_back) == sorted(stock_report.graded) == ["blank", "right", "wrong"]
    assert one_by_one == []  # every row went through the batch
    rows = gradebook_rows(course.db_url)
    assert gradebook_rows(kit.db_url) == rows
    tested = {row[0]: row[5] for row in rows["grades"] if row[3] == "test-square"}
    assert tested == {"right": 2.0, "wrong": 0.0, "blank": 0.0}
    assert {row[3] for row in rows["comments"]} >= {"square", "essay", "speech"}
