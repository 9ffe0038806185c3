"""Limits on what an import reads: a hostile or broken file stops early with a clear reason, never exhausts the machine."""
from __future__ import annotations

from pathlib import Path

from ..core.messages import t
from .records import UnreadableFile

MAX_BYTES = 64 * 2**20  # any input file as stored
MAX_UNZIPPED = 256 * 2**20  # all parts of an XLSX together, uncompressed
MAX_RATIO = 200  # an XLSX part that inflates more than this is a zip bomb, not a question bank
MAX_ROWS = 100_000  # rows of one sheet (a 10,000-item bank has 10,000)
MAX_COLUMNS = 64
MAX_FIELD = 131_072  # characters in one CSV field (Python's csv default)
MAX_DEPTH = 32  # nesting of a JSON bank (real ones nest 3 or 4 deep)


def checked_size(path: Path) -> int:
    """The file's size; raise when it is larger than any question bank."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(path, exc.strerror or str(exc)) from exc
    if size > MAX_BYTES:
        raise UnreadableFile(path, t("import.too_big", size=_mb(size), limit=_mb(MAX_BYTES)))
    return size


def too_many_rows(path: Path, sheet: str, limit: int = MAX_ROWS) -> UnreadableFile:
    return UnreadableFile(path, t("import.too_many_rows", sheet=sheet or "-", limit=limit))


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB"
