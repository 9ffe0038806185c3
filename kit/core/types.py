"""The question-type registry: one record per type, the only place that knows what a type string means.

Adding a type is adding a row to TYPES (as jupytext adds a format). Widgets are registered on the learner side
(`kit.learner.widgets`) so that nothing here loads ipywidgets.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from . import scoring
from .messages import t
from .model import Question, Source, count_blanks
from .scoring import Result

Label = Callable[[str], str]  # canonical option id → the letter a learner sees (options may be shuffled)


class Entry(Protocol):
    """A bank item being read: its fields, and where to report a problem (file, line, item)."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def error(self, key: str | None, msg: str, *, fatal: bool = True, severity: str = "error", **fields: Any) -> None: ...


def same(value: Any) -> Any:
    return value


def _judge_text(value: bool) -> str:
    return t(f"judge.{str(value).lower()}")


@dataclass(frozen=True)
class QuestionType:
    """What one type string means everywhere: its bank answer, key, stored form, scoring and text."""

    name: str
    parse: Callable[[Entry], Any]  # the bank entry's answer → the canonical key (problems reported on the entry)
    bank_answer: Callable[[Question], Any]  # the canonical key → the bank YAML's `answer` (inverse of parse)
    key_text: Callable[[Question, Label], str]  # the key as a learner or trainer reads it
    encode: Callable[[Any], Any] = same  # canonical key → JSON (manifest, sidecar, hidden grading cell)
    decode: Callable[[Any], Any] = same  # JSON → canonical key (inverse of encode)
    score: Callable[[Question, Any], Result] | None = None  # None: a trainer grades it by hand in formgrader
    response_text: Callable[[Question, Any], str | None] = lambda q, r: None  # None: shown as plain text
    has_options: bool = False  # choice items: options in the bank, shuffled per learner
    fixed_choices: tuple[tuple[Any, str], ...] = ()  # (stored value, message id) of the choices every item has
    many: bool = False  # the response is a set of picks, not one
    has_blanks: bool = False  # blanks marked in the stem, one written answer each

    @property
    def label(self) -> str:
        return t(f"type.{self.name}")

    @property
    def closed(self) -> bool:
        """Answered by picking (an option, 对/错): item analysis counts picks, paper prints bubbles."""
        return self.has_options or bool(self.fixed_choices)

    @property
    def hand_graded(self) -> bool:
        return self.score is None

    def encode_key(self, answer: Any) -> Any:
        return None if answer is None else self.encode(answer)

    def decode_key(self, value: Any) -> Any:
        return None if value is None else self.decode(value)


def _parse_single(item: Entry) -> str | None:
    answer = item.get("answer")
    if isinstance(answer, list):
        if len(answer) != 1:
            item.error("answer", "check.single_many")
            return None
        answer = answer[0]
    if answer is None or not str(answer).strip():
        item.error("answer", "check.missing", field="answer")
        return None
    text = str(answer).strip().upper()
    if len(text) > 1:
        item.error("answer", "check.single_many")
        return None
    return text


def _parse_multiple(item: Entry) -> frozenset[str] | None:
    answer = item.get("answer")
    if answer is None:
        item.error("answer", "check.missing", field="answer")
        return None
    ids = [str(a).strip().upper() for a in answer] if isinstance(answer, list) else list(re.sub(r"[\s,，、]", "", str(answer)).upper())
    if len(set(ids)) < 2:
        item.error("answer", "check.multiple_few")
        return None
    return frozenset(ids)


def _parse_judge(item: Entry) -> bool | None:
    answer = item.get("answer")
    if not isinstance(answer, bool):
        item.error("answer", "check.judge_answer")
        return None
    return answer


def _parse_fill(item: Entry) -> tuple[tuple[str, ...], ...] | None:
    answer = item.get("answer")
    if answer is None or answer == []:
        item.error("answer", "check.missing", field="answer")
        return None
    blanks = answer if isinstance(answer, list) else [answer]
    aliases = item.get("aliases") or []
    accepted = []
    for i, blank in enumerate(blanks):
        texts = [str(x) for x in (blank if isinstance(blank, list) else [blank])]
        extra = aliases[i] if i < len(aliases) and isinstance(aliases[i], list) else []
        if len(blanks) == 1 and aliases and not isinstance(aliases[0], list):
            extra = aliases
        accepted.append(tuple(texts + [str(x) for x in extra]))
    stem_blanks = count_blanks(str(item.get("stem", "")))
    if stem_blanks != len(accepted):
        item.error("answer", "check.fill_blanks", stem=stem_blanks, answer=len(accepted))
    return tuple(accepted)


def _parse_short(item: Entry) -> None:
    if item.get("answer") is not None:
        item.error("answer", "check.short_answer", fatal=False)
    return None


def _option_text(q: Question, oids: Any, label: Label) -> str:
    return "；".join(f"{label(oid)}. {q.option_text(oid)}" for oid in sorted(map(str, oids), key=label))


def _single_response(q: Question, response: Any) -> str | None:
    return _option_text(q, [response], same) if isinstance(response, str) else None


def _multiple_response(q: Question, response: Any) -> str | None:
    return _option_text(q, response, same) if isinstance(response, (list, tuple)) else None


def _judge_response(q: Question, response: Any) -> str | None:
    return _judge_text(response) if isinstance(response, bool) else None


TYPES: dict[str, QuestionType] = {kind.name: kind for kind in (
    QuestionType("single", _parse_single, lambda q: q.answer, lambda q, label: _option_text(q, [q.answer], label),
                 score=scoring.single, response_text=_single_response, has_options=True),
    QuestionType("multiple", _parse_multiple, lambda q: sorted(q.answer), lambda q, label: _option_text(q, q.answer, label),
                 encode=sorted, decode=frozenset, score=scoring.multiple, response_text=_multiple_response,
                 has_options=True, many=True),
    QuestionType("judge", _parse_judge, lambda q: q.answer, lambda q, label: _judge_text(q.answer),
                 score=scoring.judge, response_text=_judge_response,
                 fixed_choices=((True, "judge.true"), (False, "judge.false"))),
    QuestionType("fill", _parse_fill, lambda q: [a[0] if len(a) == 1 else list(a) for a in q.answer],
                 lambda q, label: "；".join(accepted[0] for accepted in q.answer),
                 encode=lambda key: [list(accepted) for accepted in key],
                 decode=lambda value: tuple(tuple(accepted) for accepted in value), score=scoring.fill, has_blanks=True),
    QuestionType("short", _parse_short, lambda q: None, lambda q, label: q.reference),
)}
HAND_GRADED: frozenset[str] = frozenset(name for name, kind in TYPES.items() if kind.hand_graded)


def kind_of(q: Question) -> QuestionType:
    return TYPES[q.type]


def key_text(q: Question, label: Label = same) -> str:
    """The key as a learner reads it (feedback, 错题本, printed keys): by the letters `label` gives the options."""
    return kind_of(q).key_text(q, label)


def question_to_dict(q: Question, *, keys: bool = True) -> dict[str, Any]:
    """A JSON-ready dict of the item (the shape the manifest, the sidecar and the 错题本 carry)."""
    d: dict[str, Any] = {"id": q.id, "type": q.type, "stem": q.stem, "points": q.points}
    if q.options:
        d["options"] = [[oid, text] for oid, text in q.options]
    if kind_of(q).has_blanks:
        d["blanks"] = count_blanks(q.stem)
    if q.source:
        d["source"] = {"doc": q.source.doc, "version": q.source.version, "article": q.source.article}
    if keys:
        d.update(_key_fields(q))
    return d


def _key_fields(q: Question) -> dict[str, Any]:
    d: dict[str, Any] = {"policy": q.policy, "answer": kind_of(q).encode_key(q.answer)}
    if q.explanation:
        d["explanation"] = q.explanation
    if q.feedback:
        d["feedback"] = dict(q.feedback)
    if q.reference or q.rubric:
        d["reference"], d["rubric"] = q.reference, list(q.rubric)
    return d


def question_from_dict(d: dict[str, Any]) -> Question:
    """Inverse of question_to_dict (trusted input written by the kit itself)."""
    src = d.get("source")
    return Question(
        id=d["id"], type=d["type"], stem=d["stem"], points=float(d.get("points", 2)),
        options=tuple((o[0], o[1]) for o in d.get("options", [])), answer=TYPES[d["type"]].decode_key(d.get("answer")),
        explanation=d.get("explanation", ""), policy=d.get("policy", "partial"),
        feedback=tuple(d.get("feedback", {}).items()), reference=d.get("reference", ""),
        rubric=tuple(d.get("rubric", [])), source=Source(**src) if src else None,
    )
