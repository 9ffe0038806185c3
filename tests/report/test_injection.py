"""Roster text that a spreadsheet would run (=HYPERLINK, =cmd|…, @SUM, +1) stays text in the XLSX 台账 and the CSV."""
from __future__ import annotations

import csv
import dataclasses

import pytest
from openpyxl import load_workbook

from kit.report.outputs import write_outputs

HOSTILE = ['=HYPERLINK("http://evil.example/x","点我")', "=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
           "+1+cmd|' /C calc'!A0", "-2+3"]


pytestmark = pytest.mark.unit


@pytest.fixture
def written(made_report, tmp_path):
    report = made_report
    renamed = report.branches[0].name  # that 支部 becomes "=1+1" everywhere: its row, its sheet, its learners
    rows = [dataclasses.replace(r, learner=dataclasses.replace(r.learner, branch="=1+1"))
            if r.learner.branch == renamed else r for r in report.learners]
    for i, name in enumerate(HOSTILE):
        rows[i] = dataclasses.replace(rows[i], learner=dataclasses.replace(rows[i].learner, name=name))
    branches = list(report.branches)
    branches[0] = dataclasses.replace(branches[0], name="=1+1")
    report = dataclasses.replace(report, learners=tuple(rows), branches=tuple(branches))
    return write_outputs(report, tmp_path)


def test_the_ledger_holds_hostile_names_as_text_not_formulas(written):
    book = load_workbook(next(p for p in written if p.suffix == ".xlsx"))  # formulas are read back as formulas
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    texts = {c.value for c in cells if c.data_type == "s"}
    assert set(HOSTILE) | {"=1+1"} <= texts
    assert not [c.coordinate for c in cells if c.data_type == "f"] and not [c for c in cells if c.hyperlink]


def test_the_csv_prefixes_formula_text_and_keeps_numbers(written):
    learners = next(p for p in written if p.suffix == ".csv" and "学员" in p.name)
    with learners.open(encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert {f"'{name}" for name in HOSTILE} <= set(cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]
    items = next(p for p in written if p.suffix == ".csv" and "题目" in p.name).read_text(encoding="utf-8-sig")
    assert "'-0." not in items  # a negative discrimination is a number, not a formula
