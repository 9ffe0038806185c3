"""The 错题本: which items go in, related unseen items, retirement after two correct days."""
from __future__ import annotations

import json
from datetime import date

import pytest

from kit.report.review import (
    LearnerHistory,
    ReviewEntry,
    ReviewState,
    build_review,
    correct_days,
    related_items,
    update_state,
)

CATALOGUE = {
    "a": {"id": "a", "type": "single", "stem": "甲", "options": [["A", "x"], ["B", "y"]], "answer": "B", "tags": ["纪律"]},
    "b": {"id": "b", "type": "judge", "stem": "乙", "answer": False, "tags": ["纪律", "处分"]},
    "c": {"id": "c", "type": "judge", "stem": "丙", "answer": True, "tags": ["处分"]},
    "d": {"id": "d", "type": "short", "stem": "丁", "tags": ["纪律"]},
    "e": {"id": "e", "type": "judge", "stem": "戊", "answer": True, "tags": ["党费"]},
}
DAY = date(2024, 5, 1)


def answered(item: str, response, day: str) -> dict:
    return {"t": f"{day}T10:00:00+08:00", "event": "answered", "quiz": "review", "item": item, "response": response}


@pytest.mark.unit
def test_related_items_share_a_tag_are_unseen_and_machine_graded():
    assert related_items(CATALOGUE, ("a",), frozenset({"a"}), 5) == ("b",)
    assert related_items(CATALOGUE, ("a", "c"), frozenset({"a", "c"}), 5) == ("b",)
    assert related_items(CATALOGUE, ("a",), frozenset({"a", "b"}), 5) == ()


@pytest.mark.unit
def test_correct_days_regrade_every_recorded_response():
    events = [answered("a", "A", "2024-05-01"), answered("a", "B", "2024-05-01"), answered("a", "B", "2024-05-03"),
              answered("b", True, "2024-05-02"), {"event": "opened", "quiz": "review"}]
    assert correct_days(CATALOGUE, events) == {"a": {"2024-05-01", "2024-05-03"}}


@pytest.mark.unit
def test_an_item_retires_after_two_correct_days_only():
    history = LearnerHistory(("a", "c"), frozenset({"a", "c"}))
    state = update_state(ReviewState("u1"), history, CATALOGUE, {}, DAY, related=1)
    assert [(e.item, e.reason) for e in state.active] == [("a", "wrong"), ("c", "wrong"), ("b", "related")]
    once = update_state(state, history, CATALOGUE, {"a": {"2024-05-02"}}, DAY)
    assert "a" in [e.item for e in once.active]
    twice = update_state(once, history, CATALOGUE, {"a": {"2024-05-02", "2024-05-04"}}, DAY)
    assert "a" not in [e.item for e in twice.active]
    assert next(e for e in twice.entries if e.item == "a") == ReviewEntry("a", "wrong", "2024-05-01",
                                                                          ("2024-05-02", "2024-05-04"))


@pytest.mark.nbgrader
def test_a_learners_book_from_the_graded_course_then_retired_by_practice(demo, tmp_path, monkeypatch):
    from kit.learner.runtime import show
    from kit.report import ReportOptions, build_report

    report = build_report(demo.course, ReportOptions(progress=False))
    row = max(report.learners, key=lambda r: r.wrong)
    result = build_review(demo.course, row.learner.id, tmp_path, today=DAY)
    package = json.loads((tmp_path / "错题本.quiz.json").read_text(encoding="utf-8"))
    quiz = package["quizzes"]["review"]
    assert quiz["mode"] == "practice" and all("answer" in q for q in quiz["items"])
    assert len(result.items) >= row.wrong >= 1
    cells = json.loads(result.notebook.read_text(encoding="utf-8"))["cells"]
    source = "".join(cells[-1]["source"])
    assert source.endswith('from kit import show\nshow("review")') and source.startswith("# ")  # a sentence shows, not code
    catalogue = json.loads((demo.course / "kit" / "manifest.json").read_text(encoding="utf-8"))["items"]
    item = result.items[0]
    key = catalogue[item]["answer"]
    events = [answered(item, key, "2024-05-02")]
    (tmp_path / "错题本.answers.json").write_text(json.dumps({"schema": 1, "answers": {}, "events": events}))
    monkeypatch.setenv("KIT_LEARNER", row.learner.id)
    quiz = show("review", tmp_path)  # the widget runtime answers today, a different day
    quiz.answer(item, key)
    assert quiz.check(item).correct
    again = build_review(demo.course, row.learner.id, tmp_path, today=DAY)
    assert item not in again.items and again.retired == 1
