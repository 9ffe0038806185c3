"""XLSX, XLS and CSV banks in the common Chinese template: header aliases, merged headers, one sheet per type."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.messages import t
from ..core.model import Question
from . import notation, template, workbooks
from .limits import MAX_COLUMNS, MAX_FIELD, MAX_ROWS, too_many_rows
from .records import Draft, Notice, Rejected, UnreadableFile, Where
from .textfile import read_text

HEADER_SCAN = 10  # a title row or two may sit above the header


@dataclass(frozen=True)
class Layout:
    """Where the header was found and which column holds which field."""

    columns: dict[str, int]
    options: tuple[tuple[str, int], ...]
    first_row: int  # 0-based index of the first data row


def read_xlsx(path: Path) -> Iterator[Draft | Rejected | Notice]:
    return read_tables(path, workbooks.xlsx_sheets(path))


def read_xls(path: Path) -> Iterator[Draft | Rejected | Notice]:
    return read_tables(path, workbooks.xls_sheets(path))


def read_csv(path: Path) -> Iterator[Draft | Rejected | Notice]:
    text = read_text(path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return read_tables(path, [("", _csv_rows(path, text, dialect))])


def _csv_rows(path: Path, text: str, dialect) -> list[list]:
    reader = csv.reader(io.StringIO(text), dialect)
    rows: list[list] = []
    try:
        for row in reader:
            if len(rows) >= MAX_ROWS:
                raise too_many_rows(path, "")
            rows.append(row[:MAX_COLUMNS])
    except csv.Error as exc:  # a field over the limit, a NUL byte, an unclosed quote at the end
        raise UnreadableFile(path, t("import.bad_csv", line=reader.line_num, limit=MAX_FIELD, detail=exc)) from exc
    return rows


def read_tables(path: Path, sheets: list[tuple[str, list[list]]]) -> Iterator[Draft | Rejected | Notice]:
    found = False
    for name, rows in sheets:
        layout = find_layout(rows)
        if layout is None:
            yield from _unrecognised(rows, Where(str(path), 1, name))
            continue
        found = True
        yield from _column_notices(rows[layout.first_row - 1], layout, Where(str(path), layout.first_row, name))
        yield from _drafts(rows, layout, str(path), name)
    if not found:
        raise UnreadableFile(path, t("import.no_header", seen=_seen(sheets[0][1] if sheets else [])))


def _unrecognised(rows: list[list], where: Where) -> Iterator[Rejected | Notice]:
    """A sheet with a known column (an 实操题 sheet with only 题目) is rejected with its rows counted; one with
    none (填写说明) is noted; an empty one loses nothing."""
    filled = sum(any(notation.cell_text(c) for c in row) for row in rows)
    if any(template.header_key(c) for row in rows[:HEADER_SCAN] for c in row):
        yield Rejected(where, "sheet", t("import.sheet_unknown", seen=_seen(rows), rows=max(filled - 1, 1)))
    elif filled:
        yield Notice(where, t("import.sheet_skipped", seen=_seen(rows)))


def _seen(rows: list[list]) -> str:
    first = next((row for row in rows if any(c not in (None, "") for c in row)), [])
    return "、".join(notation.cell_text(c) for c in first if c not in (None, ""))[:200] or "-"


def _column_notices(header: list, layout: Layout, where: Where) -> Iterator[Notice]:
    """Said once per sheet, so 2,000 rows rejected for a missing answer column are explained where it matters."""
    used = set(layout.columns.values()) | {i for _, i in layout.options}
    ignored = [notation.cell_text(c) for i, c in enumerate(header) if i not in used and notation.cell_text(c)]
    if ignored:
        yield Notice(where, t("import.columns_ignored", names="、".join(ignored)))
    if "answer" not in layout.columns:
        yield Notice(where, t("import.no_answer_column", names="、".join(template.FIELDS["answer"][:6])))


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
    options = options or notation.split_options(cell("options"))
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
