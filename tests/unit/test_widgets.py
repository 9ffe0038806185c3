"""Widgets driven from Python: each type records by canonical id, restores, and hides keys in exams."""
from __future__ import annotations

import pytest

from kit.core.answers import AnswerSheet, MemoryStore
from kit.learner.quiz import Quiz, QuizSpec

pytestmark = pytest.mark.unit
ANSWERS = {"t-age": "B", "t-discipline": ["A", "B", "D"], "t-probation": False, "t-term": ["三年", "5年"],
           "t-reflect": "认真学习党章"}


def make(questions, mode="practice", shuffle=False, sheet=None, **kw):
    items = tuple(q if mode == "practice" else q.without_key() for q in questions.values() if q.id in ANSWERS)
    store = MemoryStore(sheet or AnswerSheet())
    return Quiz(QuizSpec("q1", mode, "测验", items, shuffle=shuffle, **kw), store.sheet, store, "张三"), store


def test_every_type_records_its_response(questions):
    quiz, store = make(questions)
    for item, response in ANSWERS.items():
        quiz.answer(item, response)
    saved = {item: store.sheet.response("q1", item) for item in ANSWERS}
    assert saved == ANSWERS
    assert quiz.progress.value == "已答 5/5"


def test_practice_check_shows_verdict_explanation_and_source(questions):
    quiz, store = make(questions)
    quiz.answer("t-age", "A")
    result = quiz.check("t-age")
    fb = quiz.questions["t-age"].feedback.value
    assert not result.correct and "回答错误" in fb and "正确答案：B. 十八岁" in fb and "解析" in fb and "第一条" in fb
    quiz.answer("t-age", "B")
    assert quiz.check("t-age").correct
    assert store.sheet.answers["q1"]["t-age"]["attempts"] == 2


def test_shuffled_options_store_canonical_ids(questions):
    quiz, store = make(questions, mode="exam", shuffle=True)
    widget = quiz.questions["t-age"]
    shown = [value for _label, value in widget.input.options]
    assert sorted(shown) == ["A", "B", "C", "D"]
    widget.input.value = shown[0]  # the learner clicks the first option on screen
    assert store.sheet.response("q1", "t-age") == shown[0]


def test_exam_mode_has_no_key_and_says_recorded(questions):
    quiz, _ = make(questions, mode="exam")
    assert all(w.question.answer is None and not w.question.explanation for w in quiz.questions.values())
    quiz.answer("t-age", "B")
    assert "已记录" in quiz.questions["t-age"].status.value
    assert quiz.questions["t-age"].feedback.value == ""


def test_restore_puts_answers_back_without_new_events(questions):
    quiz, store = make(questions)
    for item, response in ANSWERS.items():
        quiz.answer(item, response)
    events = len(store.sheet.events)
    again, _ = make(questions, sheet=store.sheet)
    assert {i: w.response for i, w in again.questions.items()} == ANSWERS
    assert len(store.sheet.events) == events and "已恢复" in again.notice.value


def test_typing_is_coalesced_into_one_event(questions):
    quiz, store = make(questions)
    for text in ["认", "认真", "认真学习"]:
        quiz.answer("t-reflect", text)
    assert [e["event"] for e in store.sheet.events] == ["answered", "changed"]
    assert store.sheet.response("q1", "t-reflect") == "认真学习"


def test_large_font_persists(questions):
    quiz, _ = make(questions)
    quiz.large.value = True
    assert "kit-large" in quiz._dom_classes
    again, _ = make(questions)
    assert again.large.value and "kit-large" in again._dom_classes


def test_time_limit_locks_the_quiz(questions):
    sheet = AnswerSheet(started={"q1": "2000-01-01T00:00:00+00:00"})
    quiz, store = make(questions, mode="exam", sheet=sheet, time_limit=30)
    quiz.answer("t-age", "B")
    assert store.sheet.response("q1", "t-age") is None
    assert quiz.questions["t-age"].input.disabled and "时间已到" in quiz.notice.value


def test_per_option_feedback_is_shown_for_the_chosen_option(questions):
    from dataclasses import replace

    q = replace(questions["t-age"], feedback=(("A", "十六岁不是入党年龄。"),))
    store = MemoryStore(AnswerSheet())
    quiz = Quiz(QuizSpec("q1", "practice", "练习", (q,)), store.sheet, store, "张三")
    quiz.answer("t-age", "A")
    quiz.check("t-age")
    assert "A：十六岁不是入党年龄。" in quiz.questions["t-age"].feedback.value
    quiz.answer("t-age", "C")
    quiz.check("t-age")
    assert "十六岁不是入党年龄" not in quiz.questions["t-age"].feedback.value
