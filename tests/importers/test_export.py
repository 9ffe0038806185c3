"""Export back to the template, GIFT and JSON: import → export → import keeps every item the same."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.content.bank import load_bank
from kit.core.errors import UsageError
from kit.core.model import Question
from kit.importers import ImportResult, import_files, write_bank
from kit.importers.export import export_banks

from ..conftest import ROOT
from .conftest import IMPORT

pytestmark = pytest.mark.unit
FORMATS = ["xlsx", "gift", "json"]


def content(q: Question, fmt: str) -> tuple:
    """What a round trip must keep; the template has no column for per-option feedback."""
    feedback = q.feedback if fmt != "xlsx" else ()
    return (q.id, q.type, q.stem, q.options, q.answer, q.explanation, q.points, q.difficulty, q.tags,
            q.reference, q.rubric, feedback)


def round_trip(bank: Path, fmt: str, folder: Path) -> list[Question]:
    exported = export_banks([bank], fmt, folder / f"exported.{fmt}")
    return list(import_files([exported.path], bank="again", quizzes=None).items)


def bank_of(questions: list[Question], folder: Path) -> Path:
    return write_bank(ImportResult("t", "t", tuple(questions)), folder / "t.yml")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("source", ["gbk.csv", "bom.csv", "moodle.gift", "common.json", "aiken.txt"])
def test_import_export_import_keeps_every_item(tmp_path, fmt, source):
    bank = write_bank(import_files([IMPORT / source], quizzes=None), tmp_path / "bank.yml")
    original = load_bank(bank).items
    again = round_trip(bank, fmt, tmp_path)
    keep = [q for q in original if fmt != "gift" or q.type != "fill" or len(q.answer) == 1]
    assert [content(q, fmt) for q in again] == [content(q, fmt) for q in keep]


def test_the_project_banks_survive_the_template(tmp_path):
    original = load_bank(ROOT / "quizzes" / "zhibu.yml")
    bank = write_bank(ImportResult("t", "t", original.items), tmp_path / "t.yml")
    again = round_trip(bank, "xlsx", tmp_path)
    assert [content(q, "xlsx") for q in again] == [content(q, "xlsx") for q in original.items]


def test_gift_skips_fill_items_with_several_blanks_and_says_so(tmp_path):
    bank = write_bank(import_files([IMPORT / "bom.csv"], quizzes=None), tmp_path / "bank.yml")
    result = export_banks([bank], "gift", tmp_path / "out.gift")
    assert len(result.notes) == 1 and "多空填空题" in result.notes[0]


def test_export_writes_the_template_columns(tmp_path):
    from openpyxl import load_workbook

    bank = write_bank(import_files([IMPORT / "gbk.csv"], quizzes=None), tmp_path / "bank.yml")
    out = export_banks([bank], "xlsx", tmp_path / "out.xlsx").path
    header = [c.value for c in next(load_workbook(out).active.iter_rows(max_row=1))]
    assert header[:4] == ["编号", "题型", "题干", "选项A"] and "答案" in header and "解析" in header


def test_export_refuses_an_unknown_format(tmp_path):
    with pytest.raises(UsageError):
        export_banks([tmp_path], "docx")


# -- the property: any valid bank survives export → import unchanged ---------------------------------

CHARS = st.characters(codec="utf-8", categories=["Lo", "Nd", "Ll", "Lu"], exclude_characters="ABCDEFGH") \
    | st.sampled_from(list("，。？：“”=~#{}:\\《》"))
TEXT = st.text(CHARS, min_size=1, max_size=12).map(str.strip).filter(bool)
WORD = st.text(st.characters(categories=["Lo"]), min_size=1, max_size=4)


@st.composite
def questions(draw, qid: str, fmt: str) -> Question:
    qtype = draw(st.sampled_from(["single", "multiple", "judge", "fill", "short"]))
    common = dict(id=qid, type=qtype, explanation=draw(st.just("") | TEXT), tags=tuple(draw(st.lists(WORD, max_size=2, unique=True))),
                  points=draw(st.sampled_from([1.0, 2.0, 3.0, 0.5, 1.5, 10.0])), difficulty=draw(st.integers(1, 5)), bank="t")
    stem = f"{qid}：{draw(TEXT)}"
    if qtype in ("single", "multiple"):
        texts = draw(st.lists(TEXT, min_size=2, max_size=8))
        options = tuple(zip("ABCDEFGH", texts))
        ids = [x for x, _ in options]
        answer = draw(st.sampled_from(ids)) if qtype == "single" else frozenset(draw(st.lists(st.sampled_from(ids), min_size=2, unique=True)))
        feedback = tuple((x, draw(TEXT)) for x in draw(st.lists(st.sampled_from(ids), unique=True, max_size=2))) if fmt != "xlsx" else ()
        return Question(stem=stem, options=options, answer=answer, feedback=tuple(sorted(feedback)), **common)
    if qtype == "judge":
        return Question(stem=stem, answer=draw(st.booleans()), **common)
    if qtype == "fill":
        blanks = draw(st.integers(1, 1 if fmt == "gift" else 3))
        answer = tuple(tuple(draw(st.lists(WORD, min_size=1, max_size=2, unique=True))) for _ in range(blanks))
        return Question(stem=stem + "".join(f"（ ）{draw(TEXT)}" for _ in range(blanks)), answer=answer, **common)
    return Question(stem=stem, reference=draw(st.just("") | TEXT), rubric=tuple(draw(st.lists(TEXT, max_size=2))), **common)


@st.composite
def banks(draw, fmt: str) -> list[Question]:
    return [draw(questions(f"t-{i}", fmt)) for i in range(draw(st.integers(1, 6)))]


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_any_valid_bank_survives_export_and_import(fmt, data):
    generated = data.draw(banks(fmt))
    with tempfile.TemporaryDirectory() as folder:
        bank = bank_of(generated, Path(folder))
        original = load_bank(bank).items  # valid: it loads
        again = round_trip(bank, fmt, Path(folder))
    assert [content(q, fmt) for q in again] == [content(q, fmt) for q in original]
