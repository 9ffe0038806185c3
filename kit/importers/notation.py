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
TRUE_WORDS = frozenset({"对", "正确", "对的", "√", "✓", "✔", "是", "t", "true", "y", "yes"})
FALSE_WORDS = frozenset({"错", "错误", "错的", "×", "✗", "✘", "x", "否", "f", "false", "n", "no"})
CODED = {"a": True, "b": False, "1": True, "0": False}  # only where a judge type is written: A alone is a choice key
_LABEL = "(?:[(（]\\s*{L}\\s*[)）]|{L}\\s*[.．、:：)）])\\s*"
LABELS = re.compile(_LABEL.format(L="([A-HＡ-Ｈ])"))
_NUMBERED = re.compile(r"(?:^|\s)(\d{1,2})\s*[、.．)）]\s*")
_NUMBERED_BLANK = re.compile(r"[(（]\s*(\d{1,2})\s*[)）]|_{2,}\s*(\d{1,2})\s*_{2,}")
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


def judge(answer: Any, coded: bool = True) -> bool:
    """对/错, 正确/错误, √/×, 是/否, T/F, true/false → bool; A/B and 1/0 too when `coded` (a judge type was written)."""
    if isinstance(answer, bool):
        return answer
    if is_empty(answer):
        raise Rejection("no_answer", "import.no_answer")
    word = unicodedata.normalize("NFKC", cell_text(answer)).strip().strip("()（）").strip().rstrip("。.").lower()
    if word in TRUE_WORDS or word in FALSE_WORDS:
        return word in TRUE_WORDS
    if coded and word in CODED:
        return CODED[word]
    raise Rejection("bad_answer", "import.bad_judge", answer=answer)


def is_letters(answer: Any) -> bool:
    """'A', 'ABCD', 'A、C', ['A', 'B']: an answer that only names options."""
    if is_empty(answer) or isinstance(answer, bool):
        return False
    parts = answer if isinstance(answer, (list, tuple)) else [answer]
    compact = _LETTER_SEPARATORS.sub("", unicodedata.normalize("NFKC", "".join(map(str, parts)))).upper()
    return bool(compact) and set(compact) <= set(LETTERS)


def split_options(text: str) -> tuple[tuple[str, str], ...]:
    """Options written in one cell: 'A.十六岁\\nB.十八岁' or 'A、十六岁 B、十八岁'; lines without letters are lettered in order."""
    text = cell_text(text)
    marks, wanted = [], 0
    for mark in LABELS.finditer(text):
        at_start = mark.start() == 0 or text[mark.start() - 1].isspace()
        if at_start and wanted < len(LETTERS) and _letter(mark.group(1) or mark.group(2)) == LETTERS[wanted]:
            marks.append(mark)
            wanted += 1
    if len(marks) >= 2:
        ends = [m.start() for m in marks[1:]] + [len(text)]
        return tuple((LETTERS[i], text[m.end():end].strip()) for i, (m, end) in enumerate(zip(marks, ends)))
    lines = [x.strip() for x in text.split("\n") if x.strip()]
    return tuple(zip(LETTERS, lines)) if 2 <= len(lines) <= len(LETTERS) else ()


def _letter(text: str) -> str:
    return unicodedata.normalize("NFKC", text).upper()


def strip_label(oid: str, text: str) -> str:
    """'A.十六岁' under option A → '十六岁': the source already lettered it."""
    own = re.compile("^" + _LABEL.format(L=f"[{oid}{chr(ord(oid) + 0xFEE0)}]"))
    stripped = own.sub("", text, count=1)
    return stripped if stripped.strip() else text


def fill(answer: Any, blanks: int = 0) -> list:
    """'五年|三年', '五年；三年', '1、五年 2、三年', '五年/5年' (alternatives) or a list → one entry per blank.
    With one blank in the stem, '十八|18' is read as two ways of writing that one answer."""
    if is_empty(answer):
        raise Rejection("no_answer", "import.no_answer")
    if isinstance(answer, (list, tuple)):
        parts = list(answer)
    else:
        parts = _numbered(str(answer).strip()) or BLANK_SEPARATOR.split(str(answer).strip())
    if blanks == 1 and len(parts) > 1 and not isinstance(answer, (list, tuple)):
        parts = [[x for part in parts for x in ALTERNATIVE_SEPARATOR.split(part)]]
    return [_alternatives(blank) for blank in parts]


def _numbered(text: str) -> list[str]:
    """'1、五年 2、三年' → ['五年', '三年'] when the numbers run 1, 2, 3… from the start."""
    marks = list(_NUMBERED.finditer(text))
    if len(marks) < 2 or marks[0].start() != 0 or [int(m.group(1)) for m in marks] != list(range(1, len(marks) + 1)):
        return []
    ends = [m.start() for m in marks[1:]] + [len(text)]
    return [text[m.end():end].strip() for m, end in zip(marks, ends)]


def _alternatives(blank: Any) -> str | list[str]:
    texts = [str(x).strip() for x in blank] if isinstance(blank, (list, tuple)) else \
        ALTERNATIVE_SEPARATOR.split(str(blank).strip())
    texts = [x for x in texts if x]
    if not texts:
        raise Rejection("no_answer", "import.no_answer")
    return texts[0] if len(texts) == 1 else texts


def mark_blanks(stem: str) -> str:
    """（）, ( ), ____ and 【】 become the kit's blank （ ）; so do blanks numbered （1）（2） or __1__ when
    the stem has no other blank and the numbers run 1, 2, 3…"""
    if not BLANK.search(stem):
        numbers = [int(m.group(1) or m.group(2)) for m in _NUMBERED_BLANK.finditer(stem)]
        if numbers and numbers == list(range(1, len(numbers) + 1)):
            stem = _NUMBERED_BLANK.sub(KIT_BLANK, stem)
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
