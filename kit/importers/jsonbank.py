"""JSON banks: the kit's own JSON (schema 1, items as in YAML) and the common shapes passed between branches."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..core.messages import t
from ..core.model import Question
from . import notation, template
from .bankfile import item_dict
from .records import Draft, UnreadableFile, Where
from .textfile import read_text

LIST_KEYS = ("items", "questions", "data", "list", "题目", "试题")
_LABEL = re.compile(r"^\s*([A-HＡ-Ｈ])\s*[.)、．）:：]\s*")
_PACKED = re.compile(r"\s*[|｜]\s*")


def read(path: Path) -> Iterator[Draft]:
    key, records = _records(path, _load(path))
    for number, record in enumerate(records, start=1):
        yield draft(record, Where(str(path), number, key))


def _load(path: Path) -> Any:
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise UnreadableFile(path, t("import.bad_json", line=exc.lineno, col=exc.colno, detail=exc.msg)) from exc


def _records(path: Path, data: Any) -> tuple[str, list]:
    """A list of questions, or an object holding one under a usual key."""
    if isinstance(data, list):
        return "items", data
    if isinstance(data, dict):
        for key in LIST_KEYS:
            if isinstance(data.get(key), list):
                return key, data[key]
    raise UnreadableFile(path, t("import.json_shape"))


def draft(record: Any, where: Where) -> Draft:
    if not isinstance(record, dict):
        return Draft(where, "")
    fields, options = _fields(record)
    stem = notation.cell_text(fields.get("stem"))
    qtype = notation.cell_text(fields.get("type"))
    if not options and template.type_of(qtype or "single") in ("single", "multiple"):
        stem, options = _unpack(stem)
    return Draft(
        where=where, stem=stem, type=qtype, options=options,
        answer=fields.get("answer"), explanation=notation.cell_text(fields.get("explanation")),
        points=fields.get("points"), difficulty=fields.get("difficulty"), tags=notation.split_list(fields.get("tags") or ()),
        feedback=tuple((str(k), str(v)) for k, v in (record.get("feedback") or {}).items()),
        reference=notation.cell_text(record.get("reference")), rubric=notation.split_list(record.get("rubric") or (), r"\n"),
        id=notation.cell_text(fields.get("id")),
    )


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
