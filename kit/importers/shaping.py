"""Turn a Draft into a bank item: resolve its type, read its answer notation, then let the bank check judge it."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..content.bank import parse_item
from ..core.model import Question, count_blanks
from ..core.types import TYPES
from . import notation, template
from .records import Draft, Rejection


def shape(draft: Draft) -> dict[str, Any]:
    """The bank item a draft stands for (without its id); raises Rejection with the reason."""
    stem = draft.stem.strip()
    if not stem:
        raise Rejection("empty_stem", "import.empty_stem")
    qtype = resolve_type(draft)
    kind = TYPES[qtype]
    item: dict[str, Any] = {"type": qtype, "stem": notation.mark_blanks(stem) if kind.has_blanks else stem}
    if kind.has_options:
        item["options"] = {oid: notation.strip_label(oid, text) for oid, text in draft.options}
    item.update(_key(qtype, draft, item["stem"]))
    item.update(_extras(draft))
    return item


def resolve_type(draft: Draft) -> str:
    if not draft.type:
        return infer_type(draft)
    qtype = template.type_of(draft.type)
    if qtype is None:
        raise Rejection("unknown_type", "import.unknown_type", type=draft.type)
    return _choice_type(draft) if qtype == "choice" else qtype


def infer_type(draft: Draft) -> str:
    """No type column: options make it a choice item, a 对/错 answer a judge item, a blank a fill item.
    A bare letter answer (A, ABCD) without options is a choice key whose options are missing: never a
    判断题 or a 简答题 whose reference is the letter."""
    _require_answer(draft)
    if draft.options:
        return _choice_type(draft)
    if notation.is_letters(draft.answer):
        raise Rejection("no_options", "import.letters_no_options", answer=notation.cell_text(draft.answer))
    try:
        notation.judge(draft.answer, coded=False)
        return "judge"
    except Rejection:
        return "fill" if count_blanks(notation.mark_blanks(draft.stem)) else "short"


def _require_answer(draft: Draft) -> None:
    if notation.is_empty(draft.answer) and not draft.reference:
        if draft.options:
            raise Rejection("no_answer", "import.no_answer_options", count=len(draft.options))
        raise Rejection("no_answer", "import.no_answer")


def _choice_type(draft: Draft) -> str:
    _require_answer(draft)
    if not draft.options:
        raise Rejection("no_options", "import.letters_no_options", answer=notation.cell_text(draft.answer))
    return "multiple" if len(notation.option_ids(draft.answer, draft.options)) > 1 else "single"


def _key(qtype: str, draft: Draft, stem: str) -> dict[str, Any]:
    if qtype == "short":
        reference = draft.reference or notation.cell_text(draft.answer)
        return {"reference": reference} if reference else {}
    if qtype == "judge":
        return {"answer": notation.judge(_judge_word(draft))}
    if qtype == "fill":
        key = {"answer": notation.fill(draft.answer, count_blanks(stem))}
        return key | ({"aliases": list(draft.aliases)} if draft.aliases else {})
    _require_answer(draft)
    if not draft.options:
        raise Rejection("no_options", "import.letters_no_options", answer=notation.cell_text(draft.answer))
    ids = notation.option_ids(draft.answer, draft.options)
    return {"answer": ids[0] if qtype == "single" and len(ids) == 1 else ids}


def _judge_word(draft: Draft) -> Any:
    """A 判断题 with options 正确/错误 keyed by letter: the option's own word decides, not A=对."""
    options = dict(draft.options)
    letter = notation.cell_text(draft.answer).strip().upper()
    return options[letter] if letter in options else draft.answer


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
