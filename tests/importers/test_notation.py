"""Answer notation: letters, judge words, fill blanks, stem blanks, numbers."""
from __future__ import annotations

import pytest

from kit.importers import notation
from kit.importers.records import Rejection

pytestmark = pytest.mark.unit
OPTIONS = (("A", "十六岁"), ("B", "十八岁"), ("C", "二十岁"), ("D", "二十二岁"))


@pytest.mark.parametrize("written, ids", [
    ("AB", ["A", "B"]), ("A,B", ["A", "B"]), ("A、B", ["A", "B"]), ("A B", ["A", "B"]), ("a，c", ["A", "C"]),
    ("Ａ", ["A"]), ("ｂｄ", ["B", "D"]), ("十八岁", ["B"]), (["A", "c"], ["A", "C"]), ("AAB", ["A", "B"]),
])
def test_option_letters_in_every_spelling(written, ids):
    assert notation.option_ids(written, OPTIONS) == ids


@pytest.mark.parametrize("written, kind", [("", "no_answer"), (None, "no_answer"), ("E", "not_option"), ("三十岁", "not_option")])
def test_bad_option_answers_say_why(written, kind):
    with pytest.raises(Rejection) as caught:
        notation.option_ids(written, OPTIONS)
    assert caught.value.kind == kind


@pytest.mark.parametrize("word", ["对", "正确", "√", "是", "T", "true", "A", "Ｔ", True])
def test_judge_true(word):
    assert notation.judge(word) is True


@pytest.mark.parametrize("word", ["错", "错误", "×", "否", "F", "false", "b", False])
def test_judge_false(word):
    assert notation.judge(word) is False


def test_judge_rejects_what_it_cannot_read():
    with pytest.raises(Rejection, match="也许"):
        notation.judge("也许")


@pytest.mark.parametrize("written, blanks", [
    ("五年", ["五年"]), ("三|五", ["三", "五"]), ("三；五", ["三", "五"]), ("三天/3天|24学时", [["三天", "3天"], "24学时"]),
    ([["三天", "3天"], "24学时"], [["三天", "3天"], "24学时"]),
])
def test_fill_answers(written, blanks):
    assert notation.fill(written) == blanks


@pytest.mark.parametrize("stem", ["任期（）年", "任期( )年", "任期____年", "任期【】年", "任期（  ）年"])
def test_stem_blanks_become_the_kit_blank(stem):
    assert notation.mark_blanks(stem) == "任期（ ）年"


@pytest.mark.parametrize("value, number", [("2", 2), ("2分", 2), (2.0, 2), (1.5, 1.5), ("", None), ("两分", "两分")])
def test_numbers(value, number):
    assert notation.number(value) == number
