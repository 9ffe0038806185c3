"""Fill-answer normalisation: the table of equivalences learners rely on, and idempotence."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.core.normalize import normalize

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("a,b", [
    ("六", "6"), ("两年", "2年"), ("二年", "2年"), ("一年半", "1.5年"), ("十八岁", "18岁"),
    ("ＡＢ", "ab"), ("５年", "5年"), (" 五 年。", "五年"), ("三年至五年", "3年至5年"), ("半年", "0.5年"),
    ("黨章", "党章"), ("「民主集中制」", "民主集中制"), ("二十四学时", "24学时"),
])
def test_equivalent(a, b):
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize("a,b", [("一年", "一年半"), ("三年", "五年"), ("党委", "党组"), ("0.5%", "5%")])
def test_distinct(a, b):
    assert normalize(a) != normalize(b)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("一二三四五六七八九十百千两零年半岁个月第条 　，。.0123456789ＡａAB党黨章")), max_size=12))
def test_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_idempotent_on_any_text(text):
    once = normalize(text)
    assert normalize(once) == once
