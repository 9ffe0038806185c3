"""Aiken: a stem, lettered options (A. / A) / A、), then `ANSWER: B`; one question after another."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..core.messages import t
from .records import Draft, Rejected, Where
from .template import LETTERS
from .textfile import read_text

_OPTION = re.compile(r"^([A-HＡ-Ｈ])\s*[.)、．）]\s*(.*)$")
_ANSWER = re.compile(r"^(?:ANSWER|答案)\s*[:：]\s*(.+)$", re.I)
_LOOKS = re.compile(r"^ANSWER\s*[:：]\s*[A-HＡ-Ｈ]", re.M | re.I)


def looks_like(head: str) -> bool:
    return bool(_LOOKS.search(head))


@dataclass
class _Question:
    """The question being read: its stem, its options, and text seen after the last option."""

    start: int = 0
    stem: list[str] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)
    after: list[tuple[int, str]] = field(default_factory=list)  # a wrapped option line, or the next stem
    gap: bool = False  # a blank line after the options: only ANSWER may follow


def read(path: Path) -> Iterator[Draft | Rejected]:
    """A question ends at its ANSWER line. Options run A, B, C… in order: an `A.` after options, or text after
    a blank line that follows them, means the ANSWER line is missing; that question is rejected and the next
    one is kept whole."""
    q = _Question()
    for number, raw in enumerate(read_text(path).split("\n"), start=1):
        line = raw.strip()
        option, answer = _OPTION.match(line), _ANSWER.match(line)
        letter = unicodedata.normalize("NFKC", option.group(1)) if option else ""
        if answer and (q.stem or q.options):
            yield Draft(Where(str(path), q.start), " ".join(q.stem), answer=answer.group(1).strip(),
                        options=tuple(_folded(q)))
            q = _Question()
        elif option and q.options and letter == "A":
            yield _unanswered(path, q)
            q = _Question(q.after[0][0] if q.after else number, [text for _, text in q.after])
            q.options.append((letter, option.group(2).strip()))
        elif option and (q.stem or q.options) and not q.gap and letter == _next_letter(q):
            q.options = [*_folded(q), (letter, option.group(2).strip())]
            q.after = []
        elif not line:
            q.gap = bool(q.options)
        elif q.gap:
            yield _unanswered(path, q)
            q = _Question(number, [line])
        elif q.options:
            q.after.append((number, line))
        else:
            q.stem.append(line)
            q.start = q.start or number
    if q.stem or q.options:
        yield _unanswered(path, q)


def _next_letter(q: _Question) -> str:
    return LETTERS[len(q.options)] if len(q.options) < len(LETTERS) else ""


def _folded(q: _Question) -> list[tuple[str, str]]:
    """Lines after the last option before ANSWER continue that option."""
    if not q.after:
        return q.options
    last, text = q.options[-1]
    return [*q.options[:-1], (last, " ".join([text, *(line for _, line in q.after)]))]


def _unanswered(path: Path, q: _Question) -> Rejected:
    return Rejected(Where(str(path), q.start), "no_answer", t("import.aiken_no_answer", stem=" ".join(q.stem)[:30]))
