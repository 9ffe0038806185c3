"""Answers files whose parts are the wrong shape count as unanswered; they never stop a county's report."""
from __future__ import annotations

import json

import pytest

from kit.report.items import choice_row
from kit.report.scan import Codebook, hashable, json_value, read_answers

pytestmark = pytest.mark.unit

ITEM = {"id": "q1", "type": "single", "options": [["A", "甲"], ["B", "乙"]], "answer": "B"}


@pytest.mark.parametrize("sheet", [{}, {"answers": []}, {"answers": {"exam": []}}, {"answers": {"exam": {"q1": "B"}}}])
def test_a_damaged_sheet_gives_no_response(sheet):
    assert Codebook([ITEM]).row(sheet, "exam") == [0]


def test_a_response_gets_the_code_of_its_option_counts():
    book = Codebook([ITEM])
    codes = {"u1": book.row({"answers": {"exam": {"q1": {"response": "B"}}}}, "exam"),
             "u2": book.row({"answers": {"exam": {"q1": {"response": "a"}}}}, "exam"),
             "u4": book.row({"answers": {"exam": {"q1": {"response": "B"}}}}, "exam")}
    grid = book.grid(("u1", "u2", "u3", "u4"), codes)  # u3: no readable answers file
    assert book.counts()[grid[:, 0]].tolist() == [[0, 1], [1, 0], [0, 0], [0, 1]]


def test_answers_files_keep_only_times_and_codes(tmp_path):
    (tmp_path / "u1.json").write_text(json.dumps({"schema": 1, "answers": {"exam": {"q1": {"response": "A"}}}, "events": [
        {"t": "2024-03-01T09:00:00+08:00"}, {"t": "2024-03-01T09:12:00+08:00"}]}))
    (tmp_path / "u2.json").write_text("{damaged")
    book = Codebook([ITEM])
    minutes, codes = read_answers({x: str(tmp_path / f"{x}.json") for x in ("u1", "u2", "u3")}, book, {"exam"})
    assert minutes == {"u1": 12.0} and set(codes["exam"]) == {"u1"}
    assert book.counts()[codes["exam"]["u1"]].tolist() == [[1, 0]]


@pytest.mark.parametrize("data", [b'{"schema": 1, "x": NaN}', b'\xef\xbb\xbf{"schema": 1}', b'{"schema": 1, "s": "\\ud800"}'])
def test_what_orjson_refuses_is_read_by_the_standard_library(data):
    assert repr(json_value(data)) == repr(json.loads(data))  # repr: NaN is not equal to itself
    with pytest.raises(ValueError):
        json_value(b'{"schema": 1,')


MULTIPLE = {"id": "q2", "type": "multiple", "options": [["A", "甲"], ["B", "乙"], ["C", "丙"]], "answer": ["A", "B"]}


@pytest.mark.parametrize("response", ["B", "A", True, 1, None, ["A", "C"], {"x": 1}, 2.5, ""])
def test_each_response_counts_its_options_seen_once_or_again(response):
    book = Codebook([ITEM, MULTIPLE])
    sheet = {"answers": {"exam": {"q1": {"response": response}, "q2": {"response": response}, "other": {"response": "A"}}}}
    for _ in range(2):  # the second time through the codes already seen
        codes = book.row(sheet, "exam")
        expected = [choice_row(ITEM, hashable(response)) + [0], choice_row(MULTIPLE, hashable(response))]
        assert book.counts()[codes].tolist() == expected


def test_an_entry_that_is_not_an_object_is_no_response():
    book = Codebook([ITEM])
    book.row({"answers": {"exam": {"q1": {"response": "B"}}}}, "exam")
    assert [book.row({"answers": {"exam": {"q1": entry}}}, "exam") for entry in ("B", ["B"], None, 1)] == [[0]] * 4
    assert book.row({"answers": {"exam": {"q1": {}}}}, "exam") != [0]  # an object without a response: none chosen


JUDGE = {"id": "q3", "type": "judge", "answer": True}


@pytest.mark.parametrize("first,then", [(True, 1), (1, True), (True, 1.0), (False, 0), ("A", ["A"])])
def test_equal_keys_that_are_different_responses_keep_their_own_counts(first, then):
    """A tampered answers file saying 1 for a true/false item names no option, even after someone answered True
    (1 == True to a dict): it must not be counted as 对."""
    book = Codebook([JUDGE, ITEM])
    for response in (first, then, first, then):
        codes = book.row({"answers": {"exam": {"q3": {"response": response}, "q1": {"response": response}}}}, "exam")
        assert book.counts()[codes].tolist() == [choice_row(JUDGE, hashable(response)),
                                                 choice_row(ITEM, hashable(response))]
