"""Turn a Draft into a bank item: resolve its type, read its answer notation, then let the bank check judge it."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..content.bank import parse_item
from ..core.model import CHOICE_TYPES, Question, count_blanks
from . import notation, template
from .records import Draft, Rejection


def shape(draft: Draft) -> dict[str, Any]:
    """The bank item a draft stands for (without its id); raises Rejection with the reason."""
    stem = draft.stem.strip()
    if not stem:
        raise Rejection("empty_stem", "import.empty_stem")
    qtype = resolve_type(draft)
    item: dict[str, Any] = {"type": qtype, "stem": notation.mark_blanks(stem) if qtype == "fill" else stem}
    if qtype in CHOICE_TYPES:
        item["options"] = dict(draft.options)
    item.update(_key(qtype, draft))
    item.update(_extras(draft))
    return item


def resolve_type(draft: Draft) -> str:
    if draft.type:
        qtype = template.type_of(draft.type)
        if qtype is None:
            raise Rejection("unknown_type", "import.unknown_type", type=draft.type)
        return qtype
    return infer_type(draft)


def infer_type(draft: Draft) -> str:
    """No type column: options make it a choice item, a 对/错 answer a judge item, a blank a fill item."""
    if notation.is_empty(draft.answer) and not draft.reference:
        raise Rejection("no_answer", "import.no_answer")
    if draft.options:
        return "multiple" if len(notation.option_ids(draft.answer, draft.options)) > 1 else "single"
    try:
        notation.judge(draft.answer)
        return "judge"
    except Rejection:
        return "fill" if count_blanks(draft.stem) else "short"


def _key(qtype: str, draft: Draft) -> dict[str, Any]:
    if qtype == "short":
        reference = draft.reference or notation.cell_text(draft.answer)
        return {"reference": reference} if reference else {}
    if qtype == "judge":
        return {"answer": notation.judge(draft.answer)}
    if qtype == "fill":
        return {"answer": notation.fill(draft.answer)}
    if not draft.options:
        raise Rejection("invalid", "import.no_options")
    ids = notation.option_ids(draft.answer, draft.options)
    return {"answer": ids[0] if qtype == "single" and len(ids) == 1 else ids}


def _extras(draft: Draft) -> dict[str, Any]:
    extras = {
        "explanation": draft.explanation.strip(), "points": notation.number(draft.points),
        "difficulty": template.difficulty(draft.difficulty), "tags": list(draft.tags),
        "feedback": dict(draft.feedback), "rubric": list(draft.rubric), "status": "draft",
    }
    return {key: value for key, value in extras.items() if value not in (None, "", [], {})}


def validate(item: dict[str, Any], draft: Draft, bank: str) -> Question:
    """The bank's own rules decide: any error rejects the row with the check's words."""
    question, problems = parse_item({"id": "pending-id", **item}, {}, draft.where.file, bank)
    errors = [p.message for p in problems if p.severity == "error"]
    if errors or question is None:
        raise Rejection("invalid", "import.invalid", detail="；".join(errors))
    return replace(question, line=draft.where.line)
