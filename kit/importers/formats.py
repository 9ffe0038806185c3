"""The format registry: a table of records, one row per format (adding a format = adding a row)."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.messages import t
from ..core.model import Question
from . import aiken, gift, jsonbank, spreadsheet, wjx
from .records import Draft, Notice, Rejected, UnreadableFile

Reader = Callable[[Path], Iterable[Draft | Rejected | Notice]]
Writer = Callable[[Sequence[Question], Path], list[str]]


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]
    read: Reader
    write: Writer | None = None
    sniff: Callable[[str], bool] | None = None  # recognises the format from the start of a text file
    magic: bytes = b""  # the first bytes of a binary format, whatever the file is called
    hint: str = "import.hint.table"  # what a file of this format needs, said when it yields nothing


FORMATS: tuple[Format, ...] = (
    Format("xlsx", (".xlsx", ".xlsm"), spreadsheet.read_xlsx, spreadsheet.write_xlsx, magic=b"PK\x03\x04"),
    Format("xls", (".xls",), spreadsheet.read_xls, magic=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    Format("csv", (".csv", ".tsv"), spreadsheet.read_csv),
    Format("wjx", (".wjx",), wjx.read, None, wjx.looks_like, hint="import.hint.wjx"),
    Format("gift", (".gift",), gift.read, gift.write, gift.looks_like, hint="import.hint.gift"),
    Format("aiken", (".aiken",), aiken.read, None, aiken.looks_like, hint="import.hint.aiken"),
    Format("json", (".json",), jsonbank.read, jsonbank.write, hint="import.hint.json"),
)
NAMES: tuple[str, ...] = tuple(f.name for f in FORMATS)
WRITABLE: tuple[str, ...] = tuple(f.name for f in FORMATS if f.write)


def by_name(name: str) -> Format:
    return next(f for f in FORMATS if f.name == name)


def detect(path: Path) -> Format:
    """A workbook by its first bytes (an .xls that is really .xlsx, or none of them named right); then by
    suffix; a .txt (or anything else) by its content: 问卷星 [单选题] tags, GIFT answer blocks or Aiken ANSWER lines."""
    raw = _head(path)
    for fmt in FORMATS:
        if fmt.magic and raw.startswith(fmt.magic):
            return fmt
    for fmt in FORMATS:
        if path.suffix.lower() in fmt.suffixes:
            return fmt
    head = _text_of(raw)
    for fmt in FORMATS:
        if fmt.sniff and fmt.sniff(head):
            return fmt
    raise UnreadableFile(path, t("import.unknown_format", formats="、".join(NAMES)))


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(8192)
    except OSError as exc:
        raise UnreadableFile(path, exc.strerror or str(exc)) from exc


def _text_of(head: bytes) -> str:
    """The first 8 KB as text: UTF-8 or GB18030, a character cut at the end forgiven."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:
                return head[:exc.start].decode(encoding, errors="ignore")
    return head.decode("utf-8", errors="ignore")


def nothing_found(path: Path, fmt: str = "auto") -> str:
    """Why a file gave no question at all, in the words of the format it was read as."""
    found = detect(path) if fmt == "auto" else by_name(fmt)
    return t("import.no_questions", format=found.name, hint=t(found.hint))


def read(path: Path, fmt: str = "auto") -> Iterable[Draft | Rejected | Notice]:
    if not path.is_file():
        raise UnreadableFile(path, t("import.missing"))
    return (detect(path) if fmt == "auto" else by_name(fmt)).read(path)
