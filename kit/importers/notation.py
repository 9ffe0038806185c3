"""How answers and blanks are written in the wild, and their canonical bank form."""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

from ..core.model import BLANK
from .records import Rejection
from .template import LETTERS

KIT_BLANK = "（ ）"
TRUE_WORDS = frozenset({"对", "正确", "对的", "√", "✓", "✔", "是", "t", "true", "y", "yes", "a"})
FALSE_WORDS = frozenset({"错", "错误", "错的", "×", "✗", "✘", "x", "否", "f", "false", "n", "no", "b"})
_LETTER_SEPARATORS = re.compile(r"[\s,，、;；/|.]+")
BLANK_SEPARATOR = re.compile(r"\s*[|｜；;]\s*")
ALTERNATIVE_SEPARATOR = re.compile(r"\s*[/／]\s*")


def cell_text(value: Any) -> str:
    """A cell as text: 2.0 → '2', dates as ISO, None → ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10]
    return str(value).replace("\r\n", "\n").strip()


def is_empty(answer: Any) -> bool:
    return answer is None or answer == [] or (isinstance(answer, str) and not answer.strip())


def option_ids(answer: Any, options: tuple[tuple[str, str], ...]) -> list[str]:
    """'AB', 'A,B', 'A、B', 'a b', 'Ａ', ['A', 'B'] or an option's own text → option ids, checked."""
    if is_empty(answer):
        raise Rejection("no_answer", "import.no_answer")
    parts = answer if isinstance(answer, (list, tuple)) else [answer]
    ids = list(dict.fromkeys(x for part in parts for x in _ids_of(str(part), options)))
    missing = [x for x in ids if x not in dict(options)]
    if missing or not ids:
        raise Rejection("not_option", "import.not_option", answer=cell_text(answer))
    return ids


def _ids_of(text: str, options: tuple[tuple[str, str], ...]) -> list[str]:
    plain = unicodedata.normalize("NFKC", text).strip()
    compact = _LETTER_SEPARATORS.sub("", plain).upper()
    if compact and set(compact) <= set(LETTERS):
        return list(compact)
    for oid, option in options:  # an answer given as the option's own text
        if plain == unicodedata.normalize("NFKC", option).strip():
            return [oid]
    return [plain]


def judge(answer: Any) -> bool:
    """对/错, 正确/错误, √/×, 是/否, T/F, A/B (and true/false) → bool."""
    if isinstance(answer, bool):
        return answer
    if is_empty(answer):
        raise Rejection("no_answer", "import.no_answer")
    word = unicodedata.normalize("NFKC", str(answer)).strip().rstrip("。.").lower()
    if word in TRUE_WORDS or word in FALSE_WORDS:
        return word in TRUE_WORDS
    raise Rejection("bad_answer", "import.bad_judge", answer=answer)


def fill(answer: Any) -> list:
    """'五年|三年', '五年；三年', '五年/5年' (alternatives) or a list → one entry per blank."""
    if is_empty(answer):
        raise Rejection("no_answer", "import.no_answer")
    blanks = answer if isinstance(answer, (list, tuple)) else BLANK_SEPARATOR.split(str(answer).strip())
    return [_alternatives(blank) for blank in blanks]


def _alternatives(blank: Any) -> str | list[str]:
    texts = [str(x).strip() for x in blank] if isinstance(blank, (list, tuple)) else \
        ALTERNATIVE_SEPARATOR.split(str(blank).strip())
    texts = [x for x in texts if x]
    if not texts:
        raise Rejection("no_answer", "import.no_answer")
    return texts[0] if len(texts) == 1 else texts


def mark_blanks(stem: str) -> str:
    """（）, ( ), ____ and 【】 become the kit's blank （ ）."""
    return BLANK.sub(KIT_BLANK, stem)


def number(value: Any) -> Any:
    """'2', '2分', 2.0 → 2; 1.5 stays; anything else is passed on for the bank check to reject."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    text = cell_text(value).removesuffix("分").strip()
    try:
        parsed = float(text)
    except ValueError:
        return cell_text(value)
    return int(parsed) if parsed.is_integer() else parsed


def split_list(value: Any, pattern: str = r"[、,，;；\n]") -> tuple[str, ...]:
    """知识点 '党章、纪律' or a list → a tuple of non-empty strings."""
    items = value if isinstance(value, (list, tuple)) else re.split(pattern, cell_text(value))
    return tuple(s for s in (cell_text(x) for x in items) if s)
