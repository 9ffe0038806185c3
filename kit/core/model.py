"""Typed, frozen models of questions and their sources: the boundary every other module speaks."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from .messages import t

STATUSES = ("draft", "verified", "retired")
USES = ("exam", "practice")
POLICIES = ("partial", "strict", "half")
BLANK = re.compile(r"（\s*）|\(\s*\)|_{2,}|【\s*】")


def count_blanks(stem: str) -> int:
    """Blanks are marked in the stem itself, so the learner's view never depends on the key."""
    return len(BLANK.findall(stem))


@dataclass(frozen=True)
class Source:
    doc: str
    version: str
    article: str | None = None

    def cite(self) -> str:
        art = self.article or ""
        return t("source.cite", doc=self.doc, version=self.version, article=art).strip()


@dataclass(frozen=True)
class Question:
    """One bank item. `answer` is canonical: an option id, a frozenset of ids, a bool, or one tuple of
    accepted texts per blank (the first is the one shown); None for short items."""

    id: str
    type: str
    stem: str
    options: tuple[tuple[str, str], ...] = ()
    answer: Any = None
    explanation: str = ""
    source: Source | None = None
    fact: str | None = None
    points: float = 2.0
    difficulty: int = 2
    tags: tuple[str, ...] = ()
    status: str = "draft"
    use: str = "exam"
    policy: str = "partial"
    historical: bool = False
    valid_from: date | None = None
    valid_to: date | None = None
    feedback: tuple[tuple[str, str], ...] = ()
    reference: str = ""
    rubric: tuple[str, ...] = ()
    bank: str = ""
    file: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(oid for oid, _ in self.options)

    def option_text(self, oid: str) -> str:
        return dict(self.options).get(oid, "")

    def without_key(self) -> Question:
        """The learner's view of a graded item: nothing derived from the key survives."""
        return replace(self, answer=None, explanation="", feedback=(), reference="", rubric=(), fact=None)
