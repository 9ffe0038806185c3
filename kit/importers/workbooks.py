"""The sheets of an XLSX or old XLS workbook as rows of values, read within the import limits."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ..core.messages import t
from .limits import MAX_COLUMNS, MAX_RATIO, MAX_ROWS, MAX_UNZIPPED, checked_size, too_many_rows
from .records import UnreadableFile

Sheet = tuple[str, list[list]]
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
_HTML = (b"<", b"\xef\xbb\xbf<")


def xlsx_sheets(path: Path) -> list[Sheet]:
    """Streamed (read-only) so that a huge or hostile sheet stops at the row limit instead of filling memory."""
    checked_size(path)
    _check_zip(path)
    from openpyxl import load_workbook  # heavy: loaded only when a spreadsheet is read

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and its own errors for a damaged file
        raise UnreadableFile(path, t("import.bad_xlsx", detail=f"{type(exc).__name__}: {exc}")) from exc
    try:
        return [(sheet.title, _xlsx_rows(path, sheet)) for sheet in book.worksheets]
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile(path, t("import.bad_xlsx", detail=f"{type(exc).__name__}: {exc}")) from exc
    finally:
        book.close()


def _check_zip(path: Path) -> None:
    """Sizes come from the zip directory; zipfile never inflates a part past its stated size."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile(path, t("import.bad_xlsx", detail=t("import.not_zip"))) from exc
    total = sum(p.file_size for p in parts)
    bomb = any(p.file_size > 2**24 and p.file_size > MAX_RATIO * max(p.compress_size, 1) for p in parts)
    if total > MAX_UNZIPPED or bomb:
        raise UnreadableFile(path, t("import.zip_bomb", size=f"{total / 2**20:.0f} MB", limit=f"{MAX_UNZIPPED // 2**20} MB"))


def _xlsx_rows(path: Path, sheet) -> list[list]:
    rows = [_trimmed(r) for r in sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=True)]
    if len(rows) > MAX_ROWS:
        raise too_many_rows(path, sheet.title, MAX_ROWS)
    fill_merged(rows, _xlsx_merges(sheet))
    return rows


def _trimmed(row: tuple) -> list:
    """Read-only rows come padded to MAX_COLUMNS: drop the empty cells at the end."""
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return list(row[:end])


def _xlsx_merges(sheet) -> list[tuple[int, int, int, int]]:
    """Merged ranges, which openpyxl's read-only mode does not give: found in the sheet's XML."""
    from openpyxl.utils import range_boundaries

    refs: set[bytes] = set()
    tail = b""
    with sheet.parent._archive.open(sheet._worksheet_path) as source:  # the part openpyxl itself streams
        while chunk := source.read(1 << 20):
            text = tail + chunk
            refs.update(_MERGE.findall(text))
            tail = text[-256:]
    merges = []
    for ref in refs:
        min_col, min_row, max_col, max_row = range_boundaries(ref.decode())
        merges.append((min_row - 1, max_row, min_col - 1, max_col))
    return merges


def fill_merged(rows: list[list], merges: list[tuple[int, int, int, int]]) -> None:
    """Every cell of a merged range [r0, r1) × [c0, c1) takes its top-left value (within the rows read)."""
    for r0, r1, c0, c1 in merges:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows))):
            row = rows[r]
            row.extend([None] * (min(c1, MAX_COLUMNS) - len(row)))
            for c in range(c0, min(c1, MAX_COLUMNS)):
                row[c] = value


def xls_sheets(path: Path) -> list[Sheet]:
    """An old Excel 97–2003 workbook through xlrd; HTML tables saved as .xls are told apart."""
    checked_size(path)
    import xlrd  # loaded only for .xls

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, logfile=io.StringIO())
    except Exception as exc:  # xlrd raises XLRDError, struct and compound-document errors
        raise UnreadableFile(path, _xls_reason(path, exc)) from exc
    try:
        return [_xls_sheet(path, book, book.sheet_by_index(i)) for i in range(book.nsheets)]
    except UnreadableFile:
        raise
    except Exception as exc:  # a damaged sheet record: xlrd raises IndexError, struct.error, AssertionError…
        raise UnreadableFile(path, _xls_reason(path, exc)) from exc
    finally:
        book.release_resources()


def _xls_reason(path: Path, exc: Exception) -> str:
    head = path.read_bytes()[:512].lstrip()
    if head.startswith(_HTML):
        return t("import.xls_html")
    return t("import.bad_xls", detail=f"{type(exc).__name__}: {exc}")


def _xls_sheet(path: Path, book, sheet) -> Sheet:
    if sheet.nrows > MAX_ROWS:
        raise too_many_rows(path, sheet.name, MAX_ROWS)
    rows = [[_xls_value(book, cell) for cell in sheet.row(r)[:MAX_COLUMNS]] for r in range(sheet.nrows)]
    fill_merged(rows, list(sheet.merged_cells))
    return sheet.name, rows


def _xls_value(book, cell) -> object:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value

