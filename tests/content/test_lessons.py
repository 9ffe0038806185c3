"""The shipped lessons: they build, every released notebook runs in a fresh kernel, every item renders."""
from __future__ import annotations

import html
import json

import pytest

from kit.content.bank import bank_files, load_banks
from kit.content.lesson import lesson_files, load_lesson
from kit.core.answers import AnswerSheet, MemoryStore
from kit.core.types import question_from_dict, question_to_dict
from kit.course.build import build_course
from kit.grader.pipeline import Course
from kit.learner.quiz import Quiz, QuizSpec

from ..conftest import ROOT
from ..drive import run_lesson

LESSONS = [load_lesson(p) for p in lesson_files(ROOT / "lessons")]


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    root = tmp_path_factory.mktemp("shipped")
    build_course(root)
    course = Course(root)
    for lesson in LESSONS:
        course.generate(lesson.id)
    return root


@pytest.mark.content
def test_eight_lessons_with_goals_tables_practice_exam_and_reflection():
    assert len(LESSONS) >= 8
    for lesson in LESSONS:
        text = "\n".join(getattr(c, "text", "") for c in lesson.cells)
        modes = [q.mode for q in lesson.quizzes]
        assert "学习目标" in text and "|---" in text.replace(" ", ""), lesson.id
        assert modes.count("practice") >= 1 and "exam" in modes, lesson.id
        assert any(q.draw for q in lesson.quizzes if q.mode == "exam"), lesson.id
        assert 20 <= lesson.minutes <= 40, lesson.id


@pytest.mark.notebook
@pytest.mark.parametrize("lesson", [lesson.id for lesson in LESSONS])
def test_released_lesson_runs_top_to_bottom_in_a_fresh_kernel(released, lesson, tmp_path):
    import shutil

    folder = tmp_path / lesson
    shutil.copytree(released / "release" / lesson, folder)
    nb = run_lesson(folder, "学员甲")
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    shown = [c for c in nb.cells if "kit-quiz" in c.metadata.get("tags", [])]
    assert shown and all(any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in c.outputs)
                         for c in shown)
    sheet = json.loads(next(folder.glob("*.answers.json")).read_text(encoding="utf-8"))
    assert sheet["learner"] == "学员甲" and set(sheet["draws"]) == {q.id for q in load_lesson(
        next(p for p in lesson_files(ROOT / "lessons") if load_lesson(p).id == lesson)).quizzes}


@pytest.mark.content
def test_every_item_renders_in_its_widget_with_and_without_key():
    questions = load_banks(bank_files(ROOT / "quizzes"))
    for mode in ("practice", "exam"):
        items = tuple(question_from_dict(question_to_dict(q, keys=mode == "practice")) for q in questions.values())
        store = MemoryStore(AnswerSheet())
        quiz = Quiz(QuizSpec("all", mode, "全部题目", items, shuffle=mode == "exam"), store.sheet, store, "甲")
        assert len(quiz.questions) == len(questions)
        for q in items:
            widget = quiz.questions[q.id]
            assert q.stem in html.unescape(widget.stem.value), q.id
            if q.type in ("single", "multiple"):
                assert len(q.options) == len(getattr(widget, "boxes", None) or widget.input.options)
        assert quiz.progress.value == f"已答 0/{len(questions)}"


@pytest.mark.content
def test_every_shipped_lesson_is_in_the_course_manifest_with_its_hours(released):
    manifest = json.loads((released / "kit" / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["lessons"]) == {lesson.id for lesson in LESSONS} >= {"jiaoyu", "quanli"}
    assert all(manifest["lessons"][lesson.id]["hours"] == lesson.hours > 0 for lesson in LESSONS)
