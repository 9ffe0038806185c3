"""Aiken: a stem, lettered options (A. / A) / A、), then `ANSWER: B`; one question after another."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from .records import Draft, Where
from .textfile import read_text

_OPTION = re.compile(r"^([A-HＡ-Ｈ])\s*[.)、．）]\s*(.*)$")
_ANSWER = re.compile(r"^(?:ANSWER|答案)\s*[:：]\s*(.+)$", re.I)
_LOOKS = re.compile(r"^ANSWER\s*[:：]\s*[A-HＡ-Ｈ]", re.M | re.I)


def looks_like(head: str) -> bool:
    return bool(_LOOKS.search(head))


def read(path: Path) -> Iterator[Draft]:
    """A question ends at its ANSWER line, so blank lines between questions are optional."""
    stem: list[str] = []
    options: list[tuple[str, str]] = []
    start = 0
    for number, raw in enumerate(read_text(path).split("\n"), start=1):
        line = raw.strip()
        option, answer = _OPTION.match(line), _ANSWER.match(line)
        if answer:
            yield Draft(Where(str(path), start or number), " ".join(stem), answer=answer.group(1).strip(),
                        options=tuple(options))
            stem, options, start = [], [], 0
        elif option and (options or stem):
            options.append((unicodedata.normalize("NFKC", option.group(1)), option.group(2).strip()))
        elif line and not options:
            stem.append(line)
            start = start or number
        elif line:
            options[-1] = (options[-1][0], f"{options[-1][1]} {line}")  # a wrapped option line
