"""CSV files, UTF-8 with a byte-order mark so Excel opens the Chinese text correctly."""
from __future__ import annotations

import csv
from pathlib import Path

from ..core.messages import t
from .analysis import Report
from .tables import Table, group_table, item_table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading ' (numbers stay numbers)."""
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_START) else cell


def write_table(table: Table, path: Path) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([as_text(h) for h in table.headers])
        writer.writerows([as_text(c) for c in row] for row in table.rows)
    return path


def write_csvs(report: Report, folder: Path) -> list[Path]:
    titles = {x.id: x.title for x in report.lessons}
    tables = {"report.file.learners": report.learners_table,
              "report.file.branches": group_table(report.branches, True),
              "report.file.committees": group_table(report.committees, False),
              "report.file.items": item_table(report.items, titles)}
    return [write_table(table, folder / t(name)) for name, table in tables.items()]
