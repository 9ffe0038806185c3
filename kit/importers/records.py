"""Typed records at the import boundary: where a row came from, the draft it holds, what was rejected."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..core.errors import KitError, UsageError
from ..core.messages import t
from ..core.model import Question


@dataclass(frozen=True)
class Where:
    """A place in an input file: file, sheet (spreadsheets only) and 1-based row, line or item number."""

    file: str
    line: int
    sheet: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.sheet}:{self.line}" if self.sheet else f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Draft:
    """One question as a reader found it, before it is checked. `type` is as written (单选题, 1, single)
    or empty to infer; `answer` is notation text ("A、C", "对", "五年|三年") or an already-parsed value."""

    where: Where
    stem: str
    type: str = ""
    options: tuple[tuple[str, str], ...] = ()
    answer: Any = None
    explanation: str = ""
    points: Any = None
    difficulty: Any = None
    tags: tuple[str, ...] = ()
    feedback: tuple[tuple[str, str], ...] = ()
    reference: str = ""
    rubric: tuple[str, ...] = ()
    id: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejected:
    """A row that was not imported, and why; `kind` groups reasons for the summary line."""

    where: Where
    kind: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


class Rejection(Exception):
    """Raised while shaping one draft; the importer turns it into a Rejected row and goes on."""

    def __init__(self, kind: str, msg_id: str, **fields: object):
        self.kind = kind
        super().__init__(t(msg_id, **fields))


@dataclass(frozen=True)
class ImportResult:
    bank: str
    title: str
    items: tuple[Question, ...]
    rejected: tuple[Rejected, ...] = ()
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def summary(self) -> str:
        counts = Counter(r.kind for r in self.rejected)
        reasons = "、".join(f"{t(f'import.kind.{kind}')} {n}" for kind, n in sorted(counts.items()))
        return t("import.summary", imported=len(self.items), skipped=len(self.rejected),
                 reasons=f"（{reasons}）" if reasons else "")


class UnreadableFile(UsageError):
    """An input the kit cannot read at all (exit 2): it names the file and the reason."""

    def __init__(self, file: object, reason: str):
        super().__init__(t("import.unreadable", file=file, reason=reason))


class NothingImported(KitError):
    """Every row was rejected (exit 1)."""


class BankExists(KitError):
    """The output bank exists and --force was not given (exit 1)."""
