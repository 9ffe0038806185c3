"""Fuzzing the answers-file loader every reader goes through: a clear KitError or a sheet, never another exception."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.core.answers import AnswerSheet, CorruptAnswers, parse
from kit.core.errors import KitError
from kit.core.grading import grade
from kit.core.model import Question
from kit.report.records import time_on_task

pytestmark = pytest.mark.unit
BUDGET = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
QUESTIONS = [Question(id="s", type="single", stem="?", options=(("A", ""), ("B", "")), answer="A"),
             Question(id="m", type="multiple", stem="?", options=(("A", ""), ("B", "")), answer=frozenset("AB")),
             Question(id="j", type="judge", stem="?", answer=True),
             Question(id="f", type="fill", stem="（ ）", answer=(("三年",),))]

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                                         max_size=4), max_leaves=25)
entry = st.fixed_dictionaries({"response": values}, optional={"correct": values, "at": values})
sheets = st.fixed_dictionaries({"schema": st.just(1) | values}, optional={
    "answers": st.dictionaries(st.sampled_from(["q", "x"]), st.dictionaries(st.sampled_from("smjf"), entry | values)) | values,
    "events": st.lists(st.fixed_dictionaries({"t": st.sampled_from(["昨天", "2026-01-01T08:00:00+08:00"]) | values,
                                              "event": st.text(max_size=5) | values})) | values,
    "draws": values, "started": values, "learner": values, "notebook": values, "lesson": values})


def _use(sheet: AnswerSheet) -> None:
    """What the readers do with a sheet: grade every item, time the events."""
    for q in QUESTIONS:
        for quiz in ("q", "x"):
            grade(q, None if sheet.rejection(quiz, q.id) else sheet.response(quiz, q.id))
    time_on_task(sheet.events)
    assert isinstance(sheet.problems, tuple)


@BUDGET
@given(data=sheets)
def test_any_json_shape_is_a_sheet_or_a_clear_error(data):
    try:
        sheet = parse(json.dumps(data))
    except KitError as exc:
        assert isinstance(exc, CorruptAnswers) and str(exc)
        return
    _use(sheet)


@BUDGET
@given(text=st.text(max_size=200) | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
def test_any_text_is_a_sheet_or_a_clear_error(text):
    try:
        _use(parse(text))
    except KitError as exc:
        assert str(exc)


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"schema": 1, "answers": ' + "[" * 50_000])
def test_deep_nesting_is_a_clear_error(text):
    with pytest.raises(CorruptAnswers):
        parse(text)


def test_bad_parts_are_dropped_listed_and_the_rest_kept():
    sheet = parse(json.dumps({"schema": 1, "events": {"t": "昨天"}, "answers": {
        "q": {"s": {"response": "A"}, "m": "string", "j": {"response": {"deep": 1}}}, "x": ["not", "a", "quiz"]}}))
    assert sheet.response("q", "s") == "A" and sheet.events == []
    assert sheet.rejection("q", "m") and sheet.rejection("q", "j") and sheet.rejection("x", "s")
    assert not sheet.rejection("q", "s") and len(sheet.problems) == 4
