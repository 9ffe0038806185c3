"""问卷星's text import: numbered questions tagged [单选题], the key in the stem 「（ B ）」「(错)」, blanks as {…}."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from .notation import KIT_BLANK
from .records import Draft, Where
from .textfile import read_text

_TAG = re.compile(r"[\[【]\s*(单选题|多选题|判断题|填空题|多项填空题|简答题|问答题|单选|多选|判断|填空)\s*[\]】]")
_NUMBER = re.compile(r"^\s*\d{1,4}\s*[.、．]\s*")
_OPTION = re.compile(r"^\s*([A-HＡ-Ｈ])\s*[.、．)）:：]\s*(.*)$")
_FIELD = re.compile(r"^\s*(答案|正确答案|解析|答案解析)\s*[:：]\s*(.*)$")
_CHOICE_KEY = re.compile(r"[(（]\s*([A-HＡ-Ｈ](?:\s*[A-HＡ-Ｈ])*)\s*[)）]")
_JUDGE_KEY = re.compile(r"[(（]\s*(对|错|正确|错误|√|×)\s*[)）]")
_BRACES = re.compile(r"\{([^{}]*)\}")
_PLAIN_BLANK = {"", "填空", "_", "__", "___", "空"}


def looks_like(head: str) -> bool:
    return bool(_TAG.search(head))


def read(path: Path) -> Iterator[Draft]:
    for start, lines in _blocks(read_text(path)):
        yield _draft(lines, Where(str(path), start))


def _blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """Questions are separated by blank lines, or start with their number (1. / 2、)."""
    lines: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n") + [""], start=1):
        new = bool(_NUMBER.match(line)) and bool(lines) and not _OPTION.match(line)
        if (not line.strip() or new) and lines:
            yield start, lines
            lines, start = [], 0
        if line.strip():
            lines.append(line.strip())
            start = start or number


def _draft(lines: list[str], where: Where) -> Draft:
    stem_lines: list[str] = []
    options: list[tuple[str, str]] = []
    fields: dict[str, str] = {}
    for line in lines:
        option, field = _OPTION.match(line), _FIELD.match(line)
        if field:
            fields["explanation" if "解析" in field.group(1) else "answer"] = field.group(2).strip()
        elif option and (stem_lines or options):
            options.append((option.group(1), option.group(2).strip()))
        elif options:
            options[-1] = (options[-1][0], f"{options[-1][1]} {line}")
        else:
            stem_lines.append(line)
    stem, qtype = _tagged(_NUMBER.sub("", " ".join(stem_lines), count=1))
    stem, answer = _key_in_stem(stem, qtype, bool(options))
    return Draft(where, stem, type=qtype, options=tuple(options), answer=fields.get("answer") or answer,
                 explanation=fields.get("explanation", ""))


def _tagged(stem: str) -> tuple[str, str]:
    tag = _TAG.search(stem)
    if not tag:
        return stem.strip(), ""
    name = tag.group(1)
    return (stem[:tag.start()] + stem[tag.end():]).strip(), name if name.endswith("题") else f"{name}题"


def _key_in_stem(stem: str, qtype: str, has_options: bool) -> tuple[str, object]:
    """The key written where the learner answers: （ B ） in a choice stem, (错) after a statement, {答案} in a blank."""
    if "{" in stem:
        answers = [m.group(1).strip() for m in _BRACES.finditer(stem)]
        filled = [a for a in answers if a not in _PLAIN_BLANK]
        return _BRACES.sub(KIT_BLANK, stem), "|".join(filled) if len(filled) == len(answers) else None
    judge = _JUDGE_KEY.search(stem)
    if judge and not has_options and qtype in ("", "判断题"):
        return (stem[:judge.start()] + stem[judge.end():]).strip(), judge.group(1)
    choice = _CHOICE_KEY.search(stem)
    if choice and has_options:
        return stem[:choice.start()] + KIT_BLANK + stem[choice.end():], re.sub(r"\s", "", choice.group(1))
    return stem, None
