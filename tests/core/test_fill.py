"""Fill answers as members write them: bare numbers, ranges, 半年, bounds; and no distractor slips through."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.content.bank import bank_files, load_banks
from kit.core.fill import accepts, bare_form
from kit.core.grading import grade
from kit.core.model import Question

from ..conftest import ROOT

pytestmark = pytest.mark.unit
SHIPPED_FILLS = [q for q in load_banks(bank_files(Path(ROOT / "quizzes"))).values() if q.type == "fill"]


def fill(stem: str, *accepted: str) -> Question:
    return Question(id="t-fill", type="fill", stem=stem, answer=(tuple(accepted),), points=2)


@pytest.mark.parametrize("stem,key,answer", [
    ("联合党支部覆盖的单位一般不超过（ ）。", "五个", "5"),
    ("联合党支部覆盖的单位一般不超过（ ）。", "五个", "五"),
    ("联合党支部覆盖的单位一般不超过（ ）。", "五个", "5个单位"),
    ("党章除总纲外，条文共有（ ）。", "五十五条", "55"),
    ("党员每年集中学习培训时间一般不少于（ ）学时。", "32", "32学时"),
    ("村民委员会由主任、副主任和委员共（ ）组成。", "三至七人", "3-7人"),
    ("村民委员会由主任、副主任和委员共（ ）组成。", "三至七人", "3~7人"),
    ("村民委员会由主任、副主任和委员共（ ）组成。", "三至七人", "3—7人"),
    ("村民委员会由主任、副主任和委员共（ ）组成。", "三至七人", "3人至7人"),
    ("党支部对入党积极分子（ ）考察一次。", "每半年", "半年"),
    ("党支部对入党积极分子（ ）考察一次。", "每半年", "每六个月"),
    ("连续（ ）不参加党的组织生活。", "六个月", "半年"),
    ("谈心谈话每年（ ）。", "不少于1次", "1次以上"),
    ("谈心谈话每年（ ）。", "不少于1次", "至少一次"),
    ("严重警告处分（ ）内。", "一年半", "18个月"),
])
def test_accepted_as_members_write_it(stem, key, answer):
    assert accepts((key,), answer, stem)
    assert grade(fill(stem, key), [answer]).correct


@pytest.mark.parametrize("stem,key,answer", [
    ("联合党支部覆盖的单位一般不超过（ ）。", "五个", "十五个"),
    ("联合党支部覆盖的单位一般不超过（ ）。", "五个", "5人"),  # a unit the stem does not fix
    ("严重警告处分（ ）内。", "一年半", "一年"),
    ("警告处分（ ）内。", "一年", "一年半"),
    ("村民委员会由主任、副主任和委员共（ ）组成。", "三至七人", "3-5人"),
    ("谈心谈话每年（ ）。", "不少于1次", "一次"),  # the bound is part of the key
    ("谈心谈话每年（ ）。", "不少于1次", "不超过1次"),
    ("党支部对入党积极分子（ ）考察一次。", "每半年", "一年"),
    ("应当（ ）留党察看期限。", "延长一年", "一年"),  # a number inside a phrase is not a bare quantity
    ("《条例》共分为（ ）。", "三编", "三章"),
])
def test_rejected(stem, key, answer):
    assert not accepts((key,), answer, stem)


@pytest.mark.parametrize("key,bare", [("五个", "5"), ("3至7人", "3至7"), ("不少于1次", "1以上"), ("延长一年", None),
                                      ("2016年1月1日", None), ("第四季度", None)])
def test_bare_form(key, bare):
    assert bare_form(key) == bare


def test_every_shipped_quantity_key_accepts_its_bare_form():
    for q in SHIPPED_FILLS:
        for accepted in q.answer:
            bare = bare_form(accepted[0])
            assert bare is None or accepts(accepted, bare, q.stem), (q.id, accepted[0])


MODIFIERS = ["半", "以上", "以下", "多", "余", "0", "5", "个半", "零五", "左右"]
PREFIXES = ["十", "1", "不", "近", "约", "第", "每", "二"]


@settings(max_examples=400, deadline=None)
@given(q=st.sampled_from(SHIPPED_FILLS), data=st.data())
def test_a_distractor_holding_the_key_never_passes(q, data):
    """「一年」 is inside 「一年半」: for fill items such a superstring of a key is a different answer."""
    blank = data.draw(st.integers(0, len(q.answer) - 1))
    key = data.draw(st.sampled_from(q.answer[blank]))
    before = data.draw(st.sampled_from([""] + PREFIXES))
    after = data.draw(st.sampled_from([""] + MODIFIERS))
    distractor = before + key + after
    if distractor == key:
        return
    response = [accepted[0] for accepted in q.answer]
    response[blank] = distractor
    assert not grade(q, response).correct, (q.id, key, distractor)


@settings(max_examples=300, deadline=None)
@given(q=st.sampled_from(SHIPPED_FILLS), text=st.text(alphabet=st.sampled_from(list("0123456789一二三五十百个月年半至-~—以上下不少于每次人条")),
                                                     max_size=40))
def test_grading_a_numeric_answer_never_raises(q, text):
    result = grade(q, [text] * len(q.answer))
    assert 0 <= result.points <= result.max_points
