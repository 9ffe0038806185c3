"""The 学习台账 workbook: a summary, one sheet per 支部, an item sheet; each set up for printing."""
from __future__ import annotations

import re
from pathlib import Path

from ..core.messages import t
from .analysis import Report, filter_text
from .html import headline
from .tables import Table, group_table, item_table

A4 = 9
MAX_WIDTH = 40


def write_xlsx(report: Report, path: Path) -> Path:
    import xlsxwriter

    # every string is written as text: a roster name "=HYPERLINK(…)" must never become a live formula or link;
    # constant memory: each row goes to disk as the next begins (a county's 台账 is tens of thousands of rows)
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                           "strings_to_urls": False, "constant_memory": True})
    styles = book_styles(book)
    summary_sheet(book, report, styles)
    names: set[str] = {t("report.sheet.summary"), t("report.sheet.items")}
    learners = report.learners_table
    members: dict[str, list[tuple]] = {}
    for r, cells in zip(report.learners, learners.rows):
        members.setdefault(r.learner.branch, []).append(cells)
    for branch in report.branches:
        sheet = book.add_worksheet(sheet_name(branch.name, names))
        put_table(sheet, Table(learners.headers, tuple(members.get(branch.name, ()))), 0, styles, print_title=True)
        sheet.set_header(f"&C&\"Noto Sans CJK SC,Bold\"{branch.name} {t('report.title')}")
    items = item_table(report.items, {x.id: x.title for x in report.lessons})
    put_table(book.add_worksheet(t("report.sheet.items")), items, 0, styles, print_title=True)
    book.close()
    return path


def book_styles(book) -> dict:
    base = {"font_name": "SimSun", "font_size": 10, "border": 1, "valign": "top"}
    return {"head": book.add_format(base | {"bold": True, "bg_color": "#FBE9E7", "text_wrap": True}),
            "cell": book.add_format(base | {"text_wrap": True}),
            "title": book.add_format({"bold": True, "font_size": 14, "font_color": "#B71C1C"})}


def summary_sheet(book, report: Report, styles: dict) -> None:
    sheet = book.add_worksheet(t("report.sheet.summary"))
    sheet.write(0, 0, f"{t('report.title')} · {report.course}", styles["title"])
    sheet.write(1, 0, headline(report))
    sheet.write(2, 0, filter_text(report.options))
    sheet.write(4, 0, t("report.section.committees"), styles["title"])
    committees = group_table(report.committees, False)
    put_table(sheet, committees, 5, styles)
    start = 7 + len(committees.rows)
    sheet.write(start, 0, t("report.section.branches"), styles["title"])
    put_table(sheet, group_table(report.branches, True), start + 1, styles)


def put_table(sheet, table: Table, top: int, styles: dict, print_title: bool = False) -> None:
    put_row(sheet, top, table.headers, styles["head"])
    for i, row in enumerate(table.rows, top + 1):
        put_row(sheet, i, row, styles["cell"])
    for col, header in enumerate(table.headers):
        width = max([display_width(header), *(display_width(r[col]) for r in table.rows[:200])])
        sheet.set_column(col, col, min(MAX_WIDTH, width + 2))
    print_setup(sheet, top if print_title else None)


def put_row(sheet, row: int, cells, style) -> None:
    """One row, each cell by its type (what xlsxwriter's write_row does, without its per-cell dispatch)."""
    for col, value in enumerate(cells):
        if value.__class__ is str:
            if value:
                sheet.write_string(row, col, value, style)
            else:
                sheet.write_blank(row, col, None, style)
        elif value.__class__ in (int, float):
            sheet.write_number(row, col, value, style)
        else:
            sheet.write(row, col, value, style)


def print_setup(sheet, header_row: int | None) -> None:
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)  # one page wide, as many tall as needed
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer("&C&P / &N")
    if header_row is not None:
        sheet.repeat_rows(header_row)
        sheet.freeze_panes(header_row + 1, 0)


def display_width(value) -> int:
    """Columns sized for Chinese: a CJK character is two Latin ones wide."""
    text = str(value)
    return len(text) + sum(1 for ch in text if ord(ch) > 0x2E80)


def sheet_name(name: str, taken: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "_"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base[:28]}({n})", n + 1
    taken.add(candidate)
    return candidate
