"""JSON banks: the kit's own JSON (schema 1, items as in YAML) and the common shapes passed between branches."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..core.messages import t
from ..core.model import Question
from . import notation, template
from .bankfile import item_dict
from .limits import MAX_DEPTH
from .records import Draft, UnreadableFile, Where
from .textfile import read_text

LIST_KEYS = ("items", "questions", "data", "list", "题目", "试题")
_LABEL = re.compile(r"^\s*([A-HＡ-Ｈ])\s*[.)、．）:：]\s*")
_PACKED = re.compile(r"\s*[|｜]\s*")


def read(path: Path) -> Iterator[Draft]:
    for group, qtype, records in _groups(path, _load(path)):
        for number, record in enumerate(records, start=1):
            found = draft(record, Where(str(path), number, group))
            yield replace(found, type=found.type or qtype)


def _load(path: Path) -> Any:
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(path, t("import.bad_json", line=exc.lineno, col=exc.colno, detail=exc.msg)) from exc
    except RecursionError as exc:  # the decoder recurses once per [ or {
        raise UnreadableFile(path, t("import.json_deep", limit=MAX_DEPTH)) from exc
    if _depth(data) > MAX_DEPTH:
        raise UnreadableFile(path, t("import.json_deep", limit=MAX_DEPTH))
    return data


def _depth(data: Any) -> int:
    """How deeply lists and objects nest, counted without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (list, dict)):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                stack.extend((x, depth + 1) for x in (value.values() if isinstance(value, dict) else value))
    return deepest


def _groups(path: Path, data: Any) -> list[tuple[str, str, list]]:
    """(group name, type it implies, records): a list of questions; an object holding one under a usual key;
    an object of lists keyed by type ({single: […], tf: […]}); or the 学习强国 map {"题干|选项": "答案"}."""
    if isinstance(data, list):
        return [("items", "", data)]
    if not isinstance(data, dict):
        raise UnreadableFile(path, t("import.json_shape"))
    for key in LIST_KEYS:
        if isinstance(data.get(key), list):
            return [(key, "", data[key])]
    typed = [(str(k), str(k), v) for k, v in data.items() if isinstance(v, list) and template.type_of(k)]
    if typed:
        return typed
    if data and all(isinstance(v, str) for v in data.values()) and any(_looks_like_stem(k) for k in data):
        return [("", "", [{"stem": k, "answer": v} for k, v in data.items()])]
    raise UnreadableFile(path, t("import.json_shape"))


def _looks_like_stem(key: str) -> bool:
    return "|" in key or any(ord(c) > 0x2E80 for c in key)


def draft(record: Any, where: Where) -> Draft:
    if not isinstance(record, dict):
        return Draft(where, notation.cell_text(record) if isinstance(record, str) else "")
    fields, options = _fields(record)
    stem = notation.cell_text(fields.get("stem"))
    qtype = notation.cell_text(fields.get("type"))
    if not options and template.type_of(qtype or "single") in ("single", "multiple", "choice"):
        stem, options = _unpack(stem)
    return Draft(
        where=where, stem=stem, type=qtype, options=options,
        answer=fields.get("answer"), explanation=notation.cell_text(fields.get("explanation")),
        points=fields.get("points"), difficulty=fields.get("difficulty"), tags=notation.split_list(fields.get("tags") or ()),
        feedback=_feedback(record.get("feedback")),
        reference=notation.cell_text(record.get("reference")), rubric=notation.split_list(record.get("rubric") or (), r"\n"),
        id=notation.cell_text(fields.get("id")), aliases=_aliases(fields.get("aliases")),
    )


def _aliases(raw: Any) -> tuple[Any, ...]:
    """`aliases`: more accepted answers, one list per blank or one flat list for a single blank."""
    if isinstance(raw, (list, tuple)):
        return tuple([notation.cell_text(x) for x in a] if isinstance(a, (list, tuple)) else notation.cell_text(a)
                     for a in raw)
    return (notation.cell_text(raw),) if raw not in (None, "") else ()


def _feedback(raw: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), notation.cell_text(v)) for k, v in raw.items()) if isinstance(raw, dict) else ()


def _fields(record: dict) -> tuple[dict, tuple[tuple[str, str], ...]]:
    """Keys read through the template's aliases; options as a list, a mapping, or flat A/B/C keys."""
    fields: dict[str, Any] = {}
    flat: list[tuple[str, str]] = []
    for key, value in record.items():
        name = template.header_key(key)
        if name and name.startswith("option:"):
            flat.append((name[-1], notation.cell_text(value)))
        elif name:
            fields.setdefault(name, value)
    return fields, options(fields.pop("options", None)) or tuple(sorted(flat))


def options(raw: Any) -> tuple[tuple[str, str], ...]:
    if isinstance(raw, dict):
        return _lettered([(str(k), notation.cell_text(v)) for k, v in raw.items()])
    if isinstance(raw, list):
        return _lettered([_option(x) for x in raw])
    return ()


def _option(raw: Any) -> tuple[str, str]:
    if isinstance(raw, dict):
        label = raw.get("key") or raw.get("label") or raw.get("id") or ""
        return str(label), notation.cell_text(raw.get("text") or raw.get("value") or raw.get("content"))
    text = notation.cell_text(raw)
    match = _LABEL.match(text)
    return (match.group(1), text[match.end():]) if match else ("", text)


def _lettered(pairs: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Keep the options' own letters when every one has a letter; otherwise letter them A, B, C… in order."""
    letters = [template.option_letter(label) for label, _ in pairs]
    if all(letters) and len(set(letters)) == len(letters):
        return tuple((str(letter), text) for letter, (_, text) in zip(letters, pairs))
    return tuple((template.LETTERS[i] if i < len(template.LETTERS) else str(i), text) for i, (_, text) in enumerate(pairs))


def _unpack(stem: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """'题干|A.十六岁|B.十八岁' — options packed into the stem with '|'."""
    parts = _PACKED.split(stem)
    if len(parts) < 3:
        return stem, ()
    return parts[0], _lettered([_option(p) for p in parts[1:]])


def write(questions: Sequence[Question], out: Path) -> list[str]:
    first = questions[0] if questions else None
    data = {"schema": 1, "bank": first.bank if first else "", "title": first.bank if first else "",
            "items": [item_dict(q) for q in questions]}
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    return []
