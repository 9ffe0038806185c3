"""Typed responses (review list, entry sheet) read as the paper shows them: printed letters, 对/错, blanks."""
from __future__ import annotations

import pytest

from kit.core.model import Question
from kit.paper.items import PaperItem
from kit.paper.responses import BadResponse, parse

pytestmark = pytest.mark.unit
OPTIONS = (("A", "甲"), ("B", "乙"), ("C", "丙"), ("D", "丁"))


def item(qtype: str, order=("C", "A", "D", "B"), stem="题干（ ）和（ ）") -> PaperItem:
    options = OPTIONS if qtype in ("single", "multiple") else ()
    return PaperItem(1, "q", Question("x", qtype, stem, options), order if options else ())


@pytest.mark.parametrize("qtype,text,expected", [
    ("single", "a", "C"),  # printed A is the learner's first option, canonical C
    ("single", " Ｂ ", "A"),  # full-width letters from a Chinese keyboard
    ("multiple", "A、C", ["C", "D"]),
    ("multiple", "dba", ["A", "B", "C"]),
    ("judge", "对", True), ("judge", "×", False), ("judge", "正确", True),
    ("fill", "三年；五年", ["三年", "五年"]), ("fill", "三年|", ["三年", ""]),
    ("short", "  认真学习  ", "认真学习"),
    ("single", "未作答", None), ("fill", "-", None), ("multiple", "", None),
])
def test_parse(qtype, text, expected):
    assert parse(text, item(qtype)) == expected


@pytest.mark.parametrize("qtype,text,message", [
    ("single", "E", "「E」不是本题的选项字母（可填 ABCD）"),
    ("single", "AB", "单选题只能填一个字母"),
    ("judge", "也许", "请填 对 或 错"),
    ("fill", "三年", "本题有 2 空，填了 1 空"),
])
def test_bad_text_says_why(qtype, text, message):
    with pytest.raises(BadResponse, match=message):
        parse(text, item(qtype))


def test_printed_is_the_inverse_of_parse():
    for qtype, response in [("single", "D"), ("multiple", ["A", "B"]), ("judge", False), ("fill", ["甲", "乙"])]:
        it = item(qtype)
        assert parse(it.printed(response), it) == response
