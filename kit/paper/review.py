"""The review list: every mark the scanner will not decide alone, as an XLSX the trainer fills and confirms.

One row per item: who, which question, why (two marks, a faint mark, handwriting), what the reader saw, a
picture of that part of the sheet, and an empty 确认答案 cell. Hidden columns carry what `kit confirm` needs.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import KitError
from ..core.messages import t

COLUMNS = ("learner", "name", "n", "type", "reason", "seen", "picture", "answer", "hint",
           "batch", "lesson", "quiz", "item", "where")
VISIBLE = 9
WIDTHS = (12, 10, 6, 8, 14, 14, 70, 22, 30)
PICTURE_SCALE = 0.5


@dataclass(frozen=True)
class ReviewRow:
    learner: str
    name: str
    n: int
    type: str
    reason: str
    seen: str
    hint: str
    batch: str
    lesson: str
    quiz: str
    item: str
    where: str
    picture: bytes = b""
    answer: str = ""


def write_review(rows: list[ReviewRow], path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = t("paper.review.sheet")
    sheet.append([t(f"paper.review.{c}") for c in COLUMNS])
    for number, row in enumerate(rows, start=2):
        sheet.append([row.learner, row.name, row.n, t(f"paper.type.{row.type}"), t(f"paper.reason.{row.reason}"),
                      row.seen, "", row.answer, row.hint, row.batch, row.lesson, row.quiz, row.item, row.where])
        _picture(sheet, row.picture, f"G{number}")
    _shape(sheet)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _picture(sheet, png: bytes, anchor: str) -> None:
    if not png:
        return
    from openpyxl.drawing.image import Image

    image = Image(io.BytesIO(png))
    image.width, image.height = image.width * PICTURE_SCALE, image.height * PICTURE_SCALE
    sheet.add_image(image, anchor)
    sheet.row_dimensions[int(anchor[1:])].height = image.height * 0.75 + 4  # points from pixels


def _shape(sheet) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for k, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(k)].width = width
    for k in range(VISIBLE + 1, len(COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(k)].hidden = True
    sheet.freeze_panes = "A2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet["H"][1:]:
        cell.fill = PatternFill("solid", fgColor="FFF2CC")  # the one column the trainer fills
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="center", wrap_text=True)


def read_review(path: Path) -> list[tuple[int, ReviewRow]]:
    """(row number, row) for every filled row of a review list written by write_review."""
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a file that is not an XLSX
        raise KitError(t("paper.review.unreadable", path=path, detail=str(exc)[:200])) from exc
    out = []
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        cells = dict(zip(COLUMNS, [("" if v is None else str(v).strip()) for v in values]))
        if not cells.get("learner") or not cells.get("batch"):
            continue
        out.append((number, ReviewRow(cells["learner"], cells["name"], int(float(cells["n"] or 0)), cells["type"],
                                      cells["reason"], cells["seen"], cells["hint"], cells["batch"], cells["lesson"],
                                      cells["quiz"], cells["item"], cells["where"], answer=cells["answer"])))
    return out
