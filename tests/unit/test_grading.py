"""grade(): every type, every policy, malformed input, and properties that must always hold."""
from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.core.grading import grade, key_text, response_text

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("item,response,points,status", [
    ("t-age", "B", 2, "correct"),
    ("t-age", "b", 2, "correct"),
    ("t-age", "A", 0, "wrong"),
    ("t-age", "Z", 0, "ungradable"),
    ("t-age", ["B"], 0, "ungradable"),
    ("t-age", None, 0, "unanswered"),
    ("t-discipline", ["A", "B", "D"], 2, "correct"),
    ("t-discipline", ["D", "B", "A"], 2, "correct"),
    ("t-discipline", ["A", "B"], 1.33, "partial"),
    ("t-discipline", ["A", "C"], 0, "wrong"),
    ("t-discipline", ["A", "B", "C", "D"], 0, "wrong"),
    ("t-discipline", "ABD", 0, "ungradable"),
    ("t-discipline", [], 0, "unanswered"),
    ("t-probation", False, 2, "correct"),
    ("t-probation", True, 0, "wrong"),
    ("t-probation", "false", 0, "ungradable"),
    ("t-term", ["三年", "五年"], 2, "correct"),
    ("t-term", ["3年", " 5 年 。"], 2, "correct"),
    ("t-term", ["３年", "伍年"], 1, "partial"),
    ("t-term", ["两年", "四年"], 0, "wrong"),
    ("t-term", ["三年"], 0, "ungradable"),
    ("t-term", ["", ""], 0, "unanswered"),
    ("t-term", {"a": 1}, 0, "ungradable"),
    ("t-reflect", "我的体会", 0, "manual"),
])
def test_grade_table(questions, item, response, points, status):
    result = grade(questions[item], response)
    assert (result.points, result.status) == (points, status)
    assert result.max_points == questions[item].points


def test_multiple_policies(questions):
    q = questions["t-discipline"]
    assert grade(replace(q, policy="strict"), ["A", "B"]).points == 0
    assert grade(replace(q, policy="half"), ["A"]).points == 1.0


def test_item_without_key_is_ungradable_not_full_marks(questions):
    result = grade(questions["t-age"].without_key(), "B")
    assert result.status == "ungradable" and result.points == 0


def test_fill_accepts_traditional_and_aliases(questions):
    q = replace(questions["t-term"], answer=(("三年", "3年"), ("五年",)))
    assert grade(q, ["參年", "五年"]).status != "correct"  # 參 is not 三: no false positives from script conversion
    assert grade(replace(q, stem="（ ）", answer=(("黨章",),)), ["党章"]).correct


def test_texts_for_feedback(questions):
    assert key_text(questions["t-discipline"]) == "A. 警告；B. 严重警告；D. 留党察看"
    assert key_text(questions["t-probation"]) == "错误"
    assert response_text(questions["t-age"], "A") == "A. 十六岁"
    assert response_text(questions["t-age"], None) == "未作答"


responses = st.one_of(st.none(), st.booleans(), st.text(max_size=5), st.lists(st.text(max_size=4), max_size=5),
                      st.integers(), st.dictionaries(st.text(max_size=2), st.integers(), max_size=2))


@settings(max_examples=300, deadline=None)
@given(item=st.sampled_from(["t-age", "t-discipline", "t-probation", "t-term"]), response=responses)
def test_score_always_within_bounds(questions, item, response):
    result = grade(questions[item], response)
    assert 0 <= result.points <= result.max_points
    assert result.correct == (result.points == result.max_points)


@settings(max_examples=200, deadline=None)
@given(chosen=st.lists(st.sampled_from("ABCD"), unique=True), seed=st.randoms())
def test_option_order_never_changes_the_score(questions, chosen, seed):
    shuffled = list(chosen)
    seed.shuffle(shuffled)
    q = questions["t-discipline"]
    assert grade(q, chosen).points == grade(q, shuffled).points
