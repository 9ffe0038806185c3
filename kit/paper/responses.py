"""A response typed by the trainer (review list or typed-entry XLSX), read as the paper shows it.

Letters are the printed letters (A, B … in the learner's printed order), judge items take 对/错 (or √/×,
正确/错误), fill items take one text per blank separated by ；or |, short items take the text as written.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..core.messages import t
from .items import PaperItem

TRUE = {"对", "正确", "√", "✓", "✔", "T", "TRUE", "Y", "是"}
FALSE = {"错", "错误", "×", "✗", "✘", "X", "F", "FALSE", "N", "否"}
NOTHING = {"未作答", "-", "—", "－"}  # an explicit "left blank" (an empty cell means not entered yet)
BLANK_SEPARATORS = re.compile(r"[；;|｜]")


class BadResponse(ValueError):
    """Typed text that does not fit the item; the message says why, in the trainer's language."""


def is_nothing(text: str) -> bool:
    return text.strip() in NOTHING


def parse(text: Any, item: PaperItem) -> Any:
    """The response to store for `text` typed for `item`; None for an explicit 未作答."""
    raw = "" if text is None else str(text).strip()
    if raw in NOTHING or not raw:
        return None
    if item.kind.hand_graded:
        return raw
    if item.kind.has_blanks:
        return _blanks(raw, item)
    plain = unicodedata.normalize("NFKC", raw).upper()
    if item.kind.fixed_choices:
        return _judge(plain)
    return _letters(plain, item)


def _judge(text: str) -> bool:
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise BadResponse(t("paper.bad_judge", text=text))


def _letters(text: str, item: PaperItem) -> Any:
    letters = [c for c in text if not c.isspace() and c not in ",，、/"]
    by_label = {label: value for value, label in item.choices()}
    unknown = [c for c in letters if c not in by_label]
    if unknown or not letters:
        raise BadResponse(t("paper.bad_letters", text=text, allowed="".join(by_label)))
    if not item.kind.many:
        if len(set(letters)) != 1:
            raise BadResponse(t("paper.one_letter", text=text))
        return by_label[letters[0]]
    return sorted({by_label[c] for c in letters})


def _blanks(text: str, item: PaperItem) -> list[str]:
    parts = [p.strip() for p in BLANK_SEPARATORS.split(text)]
    if len(parts) != item.blanks:
        raise BadResponse(t("paper.blank_count", expected=item.blanks, got=len(parts)))
    return parts


def format_hint(item: PaperItem) -> str:
    """How to type this item's answer (shown beside the cell the trainer fills)."""
    return t(f"paper.hint.{item.type}", blanks=item.blanks, letters="".join(label for _, label in item.choices()))
