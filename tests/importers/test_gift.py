"""Moodle GIFT: weights, feedback, categories, numeric, essay, escapes, missing words, and what is refused."""
from __future__ import annotations

import pytest

from kit.importers.gift import escape, find, unescape

from .conftest import IMPORT, by_stem

pytestmark = pytest.mark.unit


@pytest.fixture
def gift(imported):
    return imported(IMPORT / "moodle.gift")


def test_choice_with_feedback_and_general_feedback(gift):
    q = by_stem(gift)["根据《中国共产党章程》，年满多少岁可以申请入党？"]
    assert (q.type, q.answer, q.explanation) == ("single", "B", "党章第一条规定年满十八岁。")
    assert dict(q.feedback) == {"A": "十六岁是入团年龄。", "B": "正确。"}
    assert q.tags == ("党员",)  # from $CATEGORY


def test_percentage_weights_make_a_multiple_item(gift):
    q = by_stem(gift)["党的纪律包括哪些？"]
    assert (q.type, q.answer) == ("multiple", frozenset("AB"))


def test_true_false_short_answer_missing_word_essay(gift):
    items = by_stem(gift)
    assert items["预备党员的预备期为一年。"].answer is True
    assert items["党员可以不参加组织生活。"].answer is False
    assert items["党的最高领导机关是什么？（ ）"].answer == (("党的全国代表大会", "全国代表大会"),)
    assert items["党的最高领导机关是什么？（ ）"].tags == ("组织",)
    assert items["党的基层组织是党在社会基层组织中的（ ），是党的全部工作和战斗力的基础。"].answer == "B"
    assert items["谈谈你对“两个维护”的理解。"].type == "short"


def test_numeric_becomes_fill_and_a_tolerance_is_noted(gift):
    items = by_stem(gift)
    assert items["中国共产党成立于哪一年？（ ）"].answer == (("1921",),)
    assert items["党员的预备期为多少个月？（ ）"].answer == (("12",),)
    assert len(gift.notes) == 1 and "±1" in gift.notes[0]


def test_escaped_characters(gift):
    assert "党章规定：党员必须遵守“四个服从”: 个人服从组织, 少数服从多数。对吗 {判断}？" in by_stem(gift)


def test_refused_kinds_are_reported_with_their_line(gift):
    assert [(r.where.line, r.kind) for r in gift.rejected] == [(34, "unknown_type"), (40, "unknown_type"), (45, "no_answer")]


def test_comments_do_not_become_questions(gift):
    assert len(gift.items) == 10


@pytest.mark.parametrize("text", ["a=b", "{x}", "a~b#c", "1:2", "back\\slash", "two\nlines"])
def test_escape_round_trip(text):
    assert unescape(escape(text)) == text
    assert find(escape(text), "=") < 0 and find(escape(text), "{") < 0
