"""`import_files`: read every file, shape and check each row, keep the good ones and say why the rest were left."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..content.bank import bank_files, read_bank
from ..core.model import Question
from . import formats
from .bankfile import QUIZZES
from .identity import Ledger, slug
from .records import Draft, ImportResult, Rejected, Rejection
from .shaping import shape, validate


def import_files(paths: Iterable[Path | str], fmt: str = "auto", bank: str | None = None, *,
                 quizzes: Path | None = QUIZZES, replacing: Path | None = None) -> ImportResult:
    """Import question files into one bank. Items already in `quizzes` (except the bank being
    `replacing`d) count as duplicates; bad rows are collected, never raised."""
    files = [Path(p) for p in paths]
    title = bank or (files[0].stem if files else "import")
    collector = _Collector(slug(title), Ledger(slug(title), existing_items(quizzes, replacing)))
    for path in files:
        for found in formats.read(path, fmt):
            collector.add(found)
    return collector.result(title, files)


def existing_items(quizzes: Path | None, replacing: Path | None = None) -> list[Question]:
    """The items of every readable bank below `quizzes`; a bank that fails to parse is skipped here
    (kit check reports it)."""
    if quizzes is None or not quizzes.exists():
        return []
    skip = replacing.resolve() if replacing else None
    banks = [read_bank(p)[0] for p in bank_files(quizzes) if p.resolve() != skip]
    return [q for b in banks if b for q in b.items]


@dataclass
class _Collector:
    bank: str
    ledger: Ledger
    items: list[Question] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, found: Draft | Rejected) -> None:
        if isinstance(found, Rejected):
            self.rejected.append(found)
            return
        try:
            item = shape(found)
            question = validate(item, found, self.bank)
            question = replace(question, id=self.ledger.assign(item, found.id, found.where))
        except Rejection as why:
            self.rejected.append(Rejected(found.where, why.kind, str(why)))
            return
        self.items.append(question)
        self.notes += [f"{found.where}: {note}" for note in found.notes]

    def result(self, title: str, paths: list[Path]) -> ImportResult:
        return ImportResult(self.bank, title, tuple(self.items), tuple(self.rejected), tuple(self.notes),
                            tuple(str(p) for p in paths))
