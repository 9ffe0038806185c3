"""Typed, frozen models of questions and their sources: the boundary every other module speaks."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from .messages import t

QuestionType = Literal["single", "multiple", "judge", "fill", "short"]
QUESTION_TYPES: tuple[str, ...] = ("single", "multiple", "judge", "fill", "short")
CHOICE_TYPES: tuple[str, ...] = ("single", "multiple")
HAND_GRADED: frozenset[str] = frozenset({"short"})  # a trainer grades these in formgrader
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

    @property
    def blanks(self) -> int:
        return len(self.answer) if self.type == "fill" and self.answer else 0

    def without_key(self) -> Question:
        """The learner's view of a graded item: nothing derived from the key survives."""
        return replace(self, answer=None, explanation="", feedback=(), reference="", rubric=(), fact=None)


def question_to_dict(q: Question, *, keys: bool = True) -> dict[str, Any]:
    """A JSON-ready dict of the item (the shape the sidecar and hidden cells carry)."""
    d: dict[str, Any] = {"id": q.id, "type": q.type, "stem": q.stem, "points": q.points}
    if q.options:
        d["options"] = [[oid, text] for oid, text in q.options]
    if q.type == "fill":
        d["blanks"] = count_blanks(q.stem)
    if q.source:
        d["source"] = {"doc": q.source.doc, "version": q.source.version, "article": q.source.article}
    if keys:
        d.update(_key_fields(q))
    return d


def _key_fields(q: Question) -> dict[str, Any]:
    d: dict[str, Any] = {"policy": q.policy}
    if q.type == "multiple":
        d["answer"] = sorted(q.answer)
    elif q.type == "fill":
        d["answer"] = [list(accepted) for accepted in q.answer]
    else:
        d["answer"] = q.answer
    if q.explanation:
        d["explanation"] = q.explanation
    if q.feedback:
        d["feedback"] = dict(q.feedback)
    if q.reference or q.rubric:
        d["reference"], d["rubric"] = q.reference, list(q.rubric)
    return d


def question_from_dict(d: dict[str, Any]) -> Question:
    """Inverse of question_to_dict (trusted input written by the kit itself)."""
    qtype = d["type"]
    answer = d.get("answer")
    if qtype == "multiple" and answer is not None:
        answer = frozenset(answer)
    elif qtype == "fill" and answer is not None:
        answer = tuple(tuple(a) for a in answer)
    src = d.get("source")
    return Question(
        id=d["id"], type=qtype, stem=d["stem"], points=float(d.get("points", 2)),
        options=tuple((o[0], o[1]) for o in d.get("options", [])), answer=answer,
        explanation=d.get("explanation", ""), policy=d.get("policy", "partial"),
        feedback=tuple(d.get("feedback", {}).items()), reference=d.get("reference", ""),
        rubric=tuple(d.get("rubric", [])), source=Source(**src) if src else None,
    )
