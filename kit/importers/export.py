"""`kit export`: banks back to the spreadsheet template, GIFT or the kit's JSON, for editing and re-import."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..content.bank import bank_files, load_bank
from ..core.errors import UsageError
from ..core.messages import t
from ..core.model import Question
from . import formats

SUFFIX = {"xlsx": ".xlsx", "gift": ".gift", "json": ".json"}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    items: int
    notes: tuple[str, ...] = ()


def export_banks(paths: Iterable[Path | str], fmt: str = "xlsx", out: Path | str | None = None) -> ExportResult:
    """Write every item of the given banks (files or folders) to one file; out defaults to <bank>.<suffix>."""
    if fmt not in formats.WRITABLE:
        raise UsageError(t("export.bad_format", format=fmt, formats="、".join(formats.WRITABLE)))
    questions = read_questions(paths)
    target = Path(out) if out else Path(f"{questions[0].bank if questions else 'export'}{SUFFIX[fmt]}")
    write = formats.by_name(fmt).write
    assert write is not None  # every WRITABLE format has a writer
    notes = write(questions, target)
    return ExportResult(target, len(questions) - len(notes), tuple(notes))


def read_questions(paths: Iterable[Path | str]) -> list[Question]:
    """The items of the banks, in file order; a bank with errors stops the export (BankError names them)."""
    files = [f for p in paths for f in bank_files(Path(p))]
    return [q for f in files for q in load_bank(f).items]
