"""XLSX and CSV banks in the common Chinese template: header aliases, merged headers, one sheet per type."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.messages import t
from ..core.model import Question
from . import notation, template
from .records import Draft, UnreadableFile, Where
from .textfile import read_text

HEADER_SCAN = 10  # a title row or two may sit above the header


@dataclass(frozen=True)
class Layout:
    """Where the header was found and which column holds which field."""

    columns: dict[str, int]
    options: tuple[tuple[str, int], ...]
    first_row: int  # 0-based index of the first data row


def read_xlsx(path: Path) -> Iterator[Draft]:
    sheets = [(sheet.title, _values(sheet)) for sheet in _workbook(path).worksheets]
    return read_tables(path, sheets)


def read_csv(path: Path) -> Iterator[Draft]:
    text = read_text(path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return read_tables(path, [("", list(csv.reader(io.StringIO(text), dialect)))])


def _workbook(path: Path):
    from openpyxl import load_workbook  # heavy: loaded only when a spreadsheet is read

    try:
        return load_workbook(path, data_only=True)  # not read-only: merged cells need the full sheet
    except Exception as exc:  # openpyxl raises zip, XML and its own errors for a damaged file
        raise UnreadableFile(path, f"{type(exc).__name__}: {exc}") from exc


def _values(sheet) -> list[list]:
    """The sheet's values with every merged range filled with its top-left value."""
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        value = rows[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
            for c in range(merged.min_col - 1, merged.max_col):
                rows[r][c] = value
    return rows


def read_tables(path: Path, sheets: list[tuple[str, list[list]]]) -> Iterator[Draft]:
    found = False
    for name, rows in sheets:
        layout = find_layout(rows)
        if layout is None:
            continue  # an instructions sheet (填写说明) or an empty one
        found = True
        yield from _drafts(rows, layout, str(path), name)
    if not found:
        first = sheets[0][1][0] if sheets and sheets[0][1] else []
        seen = "、".join(notation.cell_text(c) for c in first if c not in (None, "")) or "-"
        raise UnreadableFile(path, t("import.no_header", seen=seen))


def find_layout(rows: list[list]) -> Layout | None:
    """The header is the row among the first few that names the most fields, and must name the stem."""
    scored = [(sum(template.header_key(c) is not None for c in row), i) for i, row in enumerate(rows[:HEADER_SCAN])]
    best, at = max(scored, default=(0, 0), key=lambda x: (x[0], -x[1]))
    names = [notation.cell_text(c) for c in rows[at]] if rows else []
    keys = [template.header_key(n) for n in names]
    if best < 2 or "stem" not in keys:
        return None
    below = rows[at + 1] if at + 1 < len(rows) else []
    merged = _option_subheader(names, below)
    return _layout(merged or names, at + (2 if merged else 1))


def _option_subheader(names: list[str], below: list) -> list[str] | None:
    """A '选项' header merged over several columns with A, B, C, D in the row below it."""
    if "options" not in (template.header_key(n) for n in names):
        return None
    letters = [template.option_letter(notation.cell_text(c)) if c is not None else None for c in below]
    merged, group = [], ""
    for i, name in enumerate(names):
        group = name or group  # a merged or blank header cell belongs to the header on its left
        letter = letters[i] if i < len(letters) else None
        merged.append(f"选项{letter}" if letter and template.header_key(group) == "options" else name)
    return merged if merged != names else None


def _layout(names: list[str], first_row: int) -> Layout:
    columns: dict[str, int] = {}
    options: dict[str, int] = {}
    for i, name in enumerate(names):
        key = template.header_key(name)
        if key and key.startswith("option:"):
            options.setdefault(key[-1], i)
        elif key:
            columns.setdefault(key, i)
    return Layout(columns, tuple(sorted(options.items())), first_row)


def _drafts(rows: list[list], layout: Layout, file: str, sheet: str) -> Iterator[Draft]:
    sheet_type = template.type_of_sheet(sheet)
    for index in range(layout.first_row, len(rows)):
        row = [notation.cell_text(c) for c in rows[index]]
        if any(row):  # trailing empty rows are not items
            yield _draft(row, layout, Where(file, index + 1, sheet), sheet_type)


def _draft(row: list[str], layout: Layout, where: Where, sheet_type: str) -> Draft:
    def cell(key: str) -> str:
        i = layout.columns.get(key)
        return row[i] if i is not None and i < len(row) else ""

    options = tuple((letter, row[i]) for letter, i in layout.options if i < len(row) and row[i])
    return Draft(
        where=where, stem=cell("stem"), type=cell("type") or sheet_type, options=options, answer=cell("answer"),
        explanation=cell("explanation"), points=cell("points"), difficulty=cell("difficulty"),
        tags=notation.split_list(cell("tags")), rubric=notation.split_list(cell("rubric"), r"\n"), id=cell("id"),
    )


def template_row(q: Question) -> list:
    """One item in the template's columns (EXPORT_COLUMNS), the inverse of _draft."""
    options = [q.option_text(x) or None for x in template.LETTERS]
    return [q.id, template.TYPES[q.type][0], q.stem, *options, answer_text(q), q.explanation or None,
            q.points if not q.points.is_integer() else int(q.points), q.difficulty, "、".join(q.tags) or None,
            "\n".join(q.rubric) or None]


def answer_text(q: Question) -> str:
    if q.type == "multiple":
        return "".join(sorted(q.answer))
    if q.type == "judge":
        return "正确" if q.answer else "错误"
    if q.type == "fill":
        return "|".join("/".join(accepted) for accepted in q.answer)
    return q.reference if q.type == "short" else str(q.answer)


def write_xlsx(questions: Sequence[Question], out: Path) -> list[str]:
    import xlsxwriter  # heavy: loaded only on export

    book = xlsxwriter.Workbook(str(out))
    sheet = book.add_worksheet("题库")
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, template.EXPORT_COLUMNS, bold)
    for row, q in enumerate(questions, start=1):
        for col, value in enumerate(template_row(q)):
            _write_cell(sheet, row, col, value)
    sheet.set_column(2, 2, 60)
    book.close()
    return []


def _write_cell(sheet, row: int, col: int, value: object) -> None:
    if isinstance(value, str):
        sheet.write_string(row, col, value)  # never a formula, even when the text starts with '='
    elif value is not None:
        sheet.write_number(row, col, value)
