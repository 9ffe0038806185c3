"""Answers files whose parts are the wrong shape count as unanswered; they never stop a county's report."""
from __future__ import annotations

import pytest

from kit.report.scan import Codebook

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
