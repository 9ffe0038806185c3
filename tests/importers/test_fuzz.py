"""Every loader a trainer can feed, fuzzed: the result is a value or a clear KitError, never another
exception, and never more than a set memory peak (issue 13). Budgets are bounded: about 20 s in all."""
from __future__ import annotations

import io
import json
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.core.errors import KitError

from .conftest import IMPORT

pytestmark = pytest.mark.unit
CEILING = 48 * 2**20
BUDGET = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
XLSX_BUDGET = settings(BUDGET, max_examples=15)  # each example writes and reads a real workbook
SPICE = list("题干答案选项解析单多判断填空ABCDabcd对错√×TF10{}=~#:%[]()（）【】、.．：:|/_-<>p&;*!\"'\\\n\t ,，")
TEXT = st.text(alphabet=st.sampled_from(SPICE) | st.characters(codec="utf-8"), max_size=300)
LINES = st.lists(st.sampled_from([
    "1.党员的预备期为？（ B ）[单选题]", "A. 半年", "B. 一年", "ANSWER: B", "答案：对", "", "::t::题 {=甲 ~乙}",
    "题 {~=甲 ~乙}", "[html]<p>题</p>{T}", "{1:MC:=a~b}", "题{=a}又{=b}", "题干,答案,选项A", "单选题,题,B,甲,乙",
    "$CATEGORY: x/y", "// kit: {\"points\": 2}", "党的纪律包括（ ABC ）[多选题]", "预备期一年。[判断题](对)", "{填空}",
]) | TEXT, max_size=20).map("\n".join)
KEYS = st.sampled_from(["stem", "question", "题目", "answer", "key", "options", "type", "aliases", "items", "single",
                        "tf", "multi", "A", "B", "feedback", "tags", "points", "difficulty", "explanation", "id"])
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(alphabet=SPICE, max_size=12),
                    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(KEYS | st.text(max_size=6), inner, max_size=6),
                    max_leaves=40)
CELL = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, allow_infinity=False) \
    | st.text(alphabet=SPICE, max_size=20)
HEADER = st.lists(st.sampled_from(["题干", "答案", "题型", "选项A", "选项B", "选项", "正确选项", "解析", "QuestionTitle",
                                   "AOption", "Answer", "分值", "难度", "知识点", "x"]), min_size=1, max_size=8)
TABLE = st.tuples(HEADER, st.lists(st.lists(CELL, max_size=8), max_size=8))


def within_ceiling(call, *args):
    """Run `call`: a value or a KitError is fine, and the peak of Python allocations stays under CEILING."""
    tracemalloc.start()
    try:
        call(*args)
    except KitError as error:
        assert str(error).strip()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < CEILING


def import_and_write(path: Path, fmt: str) -> None:
    from kit.importers import import_files, write_bank

    result = import_files([path], fmt, quizzes=None)
    result.summary()
    write_bank(result, path.with_name("out.yml"))


def fed(name: str, data: bytes | str, fmt: str, call=import_and_write) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        within_ceiling(call, path, fmt)


@BUDGET
@given(LINES, st.sampled_from(["wjx", "gift", "aiken", "csv", "auto"]))
def test_text_formats(text, fmt):
    fed("题库.txt", text, fmt)


@BUDGET
@given(st.one_of(JSON.map(lambda d: json.dumps(d, ensure_ascii=False)), TEXT))
def test_json(text):
    fed("题库.json", text, "json")


@BUDGET
@given(TABLE)
def test_csv_tables(table):
    import csv

    out = io.StringIO()
    csv.writer(out).writerows([table[0], *table[1]])
    fed("题库.csv", out.getvalue(), "csv")


@XLSX_BUDGET
@given(TABLE, st.text(alphabet=SPICE, min_size=1, max_size=10))
def test_xlsx_tables(table, sheet):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "".join(c for c in sheet if c not in "[]:*?/\\")[:30] or "题"
    for row in [table[0], *table[1]]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    fed("题库.xlsx", out.getvalue(), "auto")


@BUDGET
@given(st.lists(st.tuples(st.integers(0, 5631), st.integers(0, 255)), min_size=1, max_size=12))
def test_damaged_xls(flips):
    data = bytearray((IMPORT / "exam_system.xls").read_bytes())
    for at, value in flips:
        data[at % len(data)] = value
    fed("题库.xls", bytes(data), "auto")


@BUDGET
@given(st.binary(max_size=2000), st.sampled_from([b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b""]))
def test_random_bytes_as_workbooks(data, magic):
    fed("题库.xlsx", magic + data, "auto")


def read_bank_and_check(path: Path, _fmt: str) -> None:
    from kit.content.check import check_paths

    check_paths([path]).summary()


BANK_ITEM = st.dictionaries(st.sampled_from(["id", "type", "stem", "options", "answer", "aliases", "points",
                                             "difficulty", "source", "tags", "status", "feedback", "valid_from"]),
                            JSON, max_size=8)


@BUDGET
@given(st.one_of(
    st.lists(BANK_ITEM, max_size=4).map(lambda items: {"schema": 1, "bank": "fuzz", "items": items}),
    JSON,
).map(lambda d: json.dumps(d, ensure_ascii=False)) | LINES | TEXT)
def test_bank_yaml(text):
    fed("bank.yml", text, "", read_bank_and_check)


def read_roster(path: Path, _fmt: str) -> None:
    from kit.content.roster import read_roster as read

    read(path)


ROSTER_HEADER = st.lists(st.sampled_from(["学号", "姓名", "支部", "党委", "角色", "x", ""]), min_size=1, max_size=6)


@BUDGET
@given(st.tuples(ROSTER_HEADER, st.lists(st.lists(CELL, max_size=6), max_size=6)) | TEXT.map(lambda x: ([x], [])),
       st.sampled_from(["名册.csv", "名册.xlsx"]))
def test_roster(table, name):
    rows = [table[0], *table[1]]
    if name.endswith(".csv"):
        import csv

        out = io.StringIO()
        csv.writer(out).writerows(rows)
        fed(name, out.getvalue(), "", read_roster)
        return
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # what a worksheet cannot hold, so no roster has it

    book = Workbook()
    for row in rows:
        book.active.append([ILLEGAL_CHARACTERS_RE.sub("", x) if isinstance(x, str) else x for x in row])
    data = io.BytesIO()
    book.save(data)
    fed(name, data.getvalue(), "", read_roster)
