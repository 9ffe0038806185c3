"""The report's writers on a hand-made report: CSV with a BOM, the printable XLSX 台账, an HTML page that needs no network."""
from __future__ import annotations

import csv
import re

import pytest

from kit.report.outputs import write_outputs

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def report(made_report):
    return made_report


@pytest.fixture(scope="module")
def written(report, tmp_path_factory):
    return write_outputs(report, tmp_path_factory.mktemp("outputs"))


def test_csv_files_carry_a_bom_and_the_learner_rows(written, report):
    learners_csv = next(p for p in written if p.name == "学员.csv")
    assert learners_csv.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(learners_csv.open(encoding="utf-8-sig")))
    assert rows[0][:2] == ["学号", "姓名"] and len(rows) == 1 + len(report.learners)


def test_the_ledger_has_summary_branch_and_item_sheets_set_up_for_printing(written, report):
    from openpyxl import load_workbook

    book = load_workbook(next(p for p in written if p.suffix == ".xlsx"))
    assert book.sheetnames == ["汇总", *(b.name for b in report.branches), "题目分析"]
    sheet = book[report.branches[0].name]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage  # one page wide (Excel's default width 1 is left out)
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows.replace("$", "") == "1:1"
    assert sheet["A1"].value == "学号"


def test_the_html_report_needs_no_network(written):
    page = next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")
    # the only URLs are the SVG namespace names, which nothing fetches
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//|url\(\s*[\"']?(https?:)?//|@import", page)
    assert re.sub(r'xmlns(:\w+)?="http://www\.w3\.org/[^"]*"', "", page).count("http") == 0
    assert page.count("<svg") == 3


def test_the_ledger_written_on_a_second_process_is_the_one_written_here(report, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from kit.report import outputs

    def cells(folder):
        book = load_workbook(next(p for p in outputs.write_outputs(report, folder) if p.suffix == ".xlsx"))
        return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book.worksheets}

    here = cells(tmp_path / "here")
    monkeypatch.setattr(outputs, "PARALLEL_LEARNERS", 0)
    assert cells(tmp_path / "beside") == here
    assert len(here) >= 3 and any(len(rows) > 2 for rows in here.values())
