"""Answers files whose parts are the wrong shape count as unanswered; they never stop a county's report."""
from __future__ import annotations

import json

import pytest

from kit.report.scan import Codebook, json_value

pytestmark = pytest.mark.unit

ITEM = {"id": "q1", "type": "single", "options": [["A", "甲"], ["B", "乙"]], "answer": "B"}


@pytest.mark.parametrize("sheet", [None, {}, {"answers": []}, {"answers": {"exam": []}}, {"answers": {"exam": {"q1": "B"}}}])
def test_a_damaged_sheet_gives_no_response(sheet):
    grid = Codebook([ITEM]).grid("exam", ("u1",), {"u1": sheet}, {"q1": 0})
    assert grid.tolist() == [[0]]


def test_a_response_gets_the_code_of_its_option_counts():
    book = Codebook([ITEM])
    grid = book.grid("exam", ("u1", "u2", "u3"), {"u1": {"answers": {"exam": {"q1": {"response": "B"}}}},
                                                  "u2": {"answers": {"exam": {"q1": {"response": "a"}}}},
                                                  "u3": None}, {"q1": 0})
    assert book.counts()[grid[:, 0]].tolist() == [[0, 1], [1, 0], [0, 0]]


@pytest.mark.parametrize("data", [b'{"schema": 1, "x": NaN}', b'\xef\xbb\xbf{"schema": 1}', b'{"schema": 1, "s": "\\ud800"}'])
def test_what_orjson_refuses_is_read_by_the_standard_library(data):
    assert repr(json_value(data)) == repr(json.loads(data))  # repr: NaN is not equal to itself
    with pytest.raises(ValueError):
        json_value(b'{"schema": 1,')
