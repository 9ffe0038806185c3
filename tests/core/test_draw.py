"""Per-learner draws and option orders are deterministic, differ between learners, and cover the pool."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.content.lesson import Lesson, QuizBlock
from kit.core.answers import AnswerSheet
from kit.core.draw import draw_items, grading_learner, option_order
from kit.core.model import Question
from kit.course.build import public_package
from kit.course.cells import exam_cells
from kit.course.manifest import Manifest
from kit.grader.slot import parse, slot_result
from kit.learner.runtime import load_quiz
from kit.report.records import drawn

pytestmark = pytest.mark.unit
POOL = [f"i{n}" for n in range(40)]


def test_draw_is_deterministic_and_per_learner():
    a = draw_items(POOL, 10, "张三", "exam")
    assert a == draw_items(POOL, 10, "张三", "exam")
    assert len(set(a)) == 10 and set(a) <= set(POOL)
    assert a != draw_items(POOL, 10, "李四", "exam")
    assert a != draw_items(POOL, 10, "张三", "exam2")


def test_draw_all_keeps_pool_order():
    assert draw_items(POOL[:5], None, "x", "q") == POOL[:5]
    assert draw_items(POOL[:5], 9, "x", "q") == POOL[:5]


def test_option_order_is_a_permutation():
    order = option_order(list("ABCD"), "张三", "q", "item")
    assert sorted(order) == list("ABCD")
    assert order == option_order(list("ABCD"), "张三", "q", "item")
    assert len({tuple(option_order(list("ABCDEF"), f"u{n}", "q", "i")) for n in range(20)}) > 5


def test_grading_learner_from_nbgrader_folder(tmp_path, monkeypatch):
    folder = tmp_path / "autograded" / "u7" / "lesson"
    assert grading_learner(folder, "fallback") == "fallback"
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert grading_learner(folder, "fallback") == "u7"


SINGLE = dict(type="single", stem="问？", options=(("A", "甲"), ("B", "乙")), answer="A")
SHORT = dict(type="short", stem="谈谈体会。", points=10.0)


@settings(max_examples=60, deadline=None)
@given(kinds=st.lists(st.booleans(), min_size=1, max_size=12), draw=st.none() | st.integers(1, 12),
       learner=st.text(min_size=1, max_size=8))
def test_items_shown_equal_items_graded(kinds, draw, learner):
    """For any pool (auto- and hand-graded items mixed) and learner: what the widget shows is what is graded."""
    pool = [Question(id=f"q{n}", **(SHORT if short else SINGLE)) for n, short in enumerate(kinds)]
    block = QuizBlock(id="exam", mode="exam", title="测验", items=tuple(q.id for q in pool), draw=draw)
    lesson = Lesson("les", "课", "b", 1.0, 30, "les.md", (block,), "les")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "les.quiz.json").write_text(json.dumps(public_package(lesson, {"exam": pool}, "les")), "utf-8")
        (folder / "les.answers.json").write_text(json.dumps(AnswerSheet(learner=learner).to_json()), "utf-8")
        spec, _ = load_quiz("exam", folder, learner)
        shown = [q.id for q in spec.items]
        graded = []
        for cell in exam_cells(block, pool, "les.answers.json"):
            if "slot" in cell.metadata["dangke_kit"]:
                call = parse(cell.source)
                graded.append(slot_result(call.answers_file, call.quiz, call.slot, call.draw, call.keys,
                                          folder=folder)[0])
            else:
                graded.append(cell.metadata["dangke_kit"]["item"])
    assert sorted(shown) == sorted(graded) and len(set(graded)) == len(graded)
    manifest = Manifest.from_json({"lessons": {"les": {
        "notebook": "les", "title": "课", "hours": 1, "minutes": 30, "answers_file": "les.answers.json",
        "quizzes": {"exam": {"mode": "exam", "items": [q.id for q in pool], "draw": draw, "slot_points": 2.0}}}},
        "items": {q.id: {"type": q.type} for q in pool}})
    slots = [g for g in graded if g in {q.id for q in pool if q.type != "short"}]
    assert drawn(manifest, learner, "les", "exam") == slots  # the report names the same item per slot
