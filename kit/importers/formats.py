"""The format registry: a table of records, one row per format (adding a format = adding a row)."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.messages import t
from ..core.model import Question
from . import aiken, gift, jsonbank, spreadsheet
from .records import Draft, Rejected, UnreadableFile

Reader = Callable[[Path], Iterable[Draft | Rejected]]
Writer = Callable[[Sequence[Question], Path], list[str]]


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]
    read: Reader
    write: Writer | None = None
    sniff: Callable[[str], bool] | None = None  # recognises the format from the start of a text file


FORMATS: tuple[Format, ...] = (
    Format("xlsx", (".xlsx", ".xlsm"), spreadsheet.read_xlsx, spreadsheet.write_xlsx),
    Format("csv", (".csv", ".tsv"), spreadsheet.read_csv),
    Format("gift", (".gift",), gift.read, gift.write, gift.looks_like),
    Format("aiken", (".aiken",), aiken.read, None, aiken.looks_like),
    Format("json", (".json",), jsonbank.read, jsonbank.write),
)
NAMES: tuple[str, ...] = tuple(f.name for f in FORMATS)
WRITABLE: tuple[str, ...] = tuple(f.name for f in FORMATS if f.write)


def by_name(name: str) -> Format:
    return next(f for f in FORMATS if f.name == name)


def detect(path: Path) -> Format:
    """By suffix first; a .txt (or anything else) by its content: GIFT answer blocks or Aiken ANSWER lines."""
    for fmt in FORMATS:
        if path.suffix.lower() in fmt.suffixes:
            return fmt
    head = _head(path)
    for fmt in FORMATS:
        if fmt.sniff and fmt.sniff(head):
            return fmt
    raise UnreadableFile(path, t("import.unknown_format", formats="、".join(NAMES)))


def _head(path: Path) -> str:
    try:
        raw = path.read_bytes()[:8192]
    except OSError as exc:
        raise UnreadableFile(path, exc.strerror or str(exc)) from exc
    return raw.decode("utf-8", errors="ignore")


def read(path: Path, fmt: str = "auto") -> Iterable[Draft | Rejected]:
    if not path.is_file():
        raise UnreadableFile(path, t("import.missing"))
    return (detect(path) if fmt == "auto" else by_name(fmt)).read(path)
