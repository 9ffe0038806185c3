"""The one grading function: pure, used by the practice widget, the hidden autograder cells and reports."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from .messages import t
from .model import Question
from .normalize import normalize

Status = Literal["correct", "partial", "wrong", "unanswered", "ungradable", "manual"]


@dataclass(frozen=True)
class Result:
    item: str
    points: float
    max_points: float
    status: Status
    reasons: tuple[str, ...] = field(default=())

    @property
    def correct(self) -> bool:
        return self.status == "correct"


class Malformed(ValueError):
    """A response that does not have the shape its question type expects."""


def grade(question: Question, response: Any) -> Result:
    """Score one response. Never raises on learner input and never gives marks it cannot justify."""
    if question.type == "short":
        return Result(question.id, 0.0, question.points, "manual", (t("grade.manual"),))
    if question.answer is None:
        return _result(question, 0.0, "ungradable", t("grade.no_key"))
    if _is_blank(response):
        return _result(question, 0.0, "unanswered", t("grade.unanswered"))
    try:
        return _GRADERS[question.type](question, response)
    except Malformed as exc:
        return _result(question, 0.0, "ungradable", t("grade.malformed", detail=exc))


def _result(q: Question, points: float, status: Status, *reasons: str) -> Result:
    return Result(q.id, points, q.points, status, tuple(reasons))


def _is_blank(response: Any) -> bool:
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    if isinstance(response, (list, tuple, set, frozenset)):
        return all(_is_blank(r) for r in response) if response else True
    return False


def _option(q: Question, value: Any) -> str:
    if not isinstance(value, str):
        raise Malformed(repr(value)[:40])
    oid = value.strip().upper()
    if oid not in q.option_ids:
        raise Malformed(t("grade.unknown_option", option=oid))
    return oid


def _grade_single(q: Question, response: Any) -> Result:
    chosen = _option(q, response)
    if chosen == q.answer:
        return _result(q, q.points, "correct")
    return _result(q, 0.0, "wrong", t("grade.wrong_option", options=chosen))


def _grade_multiple(q: Question, response: Any) -> Result:
    if isinstance(response, str) or not isinstance(response, (list, tuple, set, frozenset)):
        raise Malformed(repr(response)[:40])
    chosen = {_option(q, v) for v in response}
    key = set(q.answer)
    wrong, missing = sorted(chosen - key), sorted(key - chosen)
    if wrong:
        return _result(q, 0.0, "wrong", t("grade.wrong_option", options="".join(wrong)))
    if not missing:
        return _result(q, q.points, "correct")
    reason = t("grade.missing_option", options="".join(missing))
    if q.policy == "strict":
        return _result(q, 0.0, "wrong", reason)
    share = 0.5 if q.policy == "half" else len(chosen) / len(key)
    return _result(q, round(q.points * share, 2), "partial", reason)


def _grade_judge(q: Question, response: Any) -> Result:
    if not isinstance(response, bool):
        raise Malformed(repr(response)[:40])
    if response == q.answer:
        return _result(q, q.points, "correct")
    return _result(q, 0.0, "wrong", t("grade.judged", answer=t(f"judge.{str(response).lower()}")))


def _grade_fill(q: Question, response: Any) -> Result:
    blanks = [response] if isinstance(response, str) else response
    if not isinstance(blanks, (list, tuple)) or not all(isinstance(b, (str, type(None))) for b in blanks):
        raise Malformed(repr(response)[:40])
    if len(blanks) != len(q.answer):
        raise Malformed(t("grade.blank_count", expected=len(q.answer), got=len(blanks)))
    wrong = [n for n, (given, accepted) in enumerate(zip(blanks, q.answer), 1) if not _accepts(accepted, given)]
    if not wrong:
        return _result(q, q.points, "correct")
    reasons = [t("grade.blank_wrong", n=n) for n in wrong]
    right = len(q.answer) - len(wrong)
    if right == 0 or q.policy == "strict":
        return _result(q, 0.0, "wrong", *reasons)
    return _result(q, round(q.points * right / len(q.answer), 2), "partial", *reasons)


def _accepts(accepted: tuple[str, ...], given: str | None) -> bool:
    if given is None or not given.strip():
        return False
    return normalize(given) in {normalize(a) for a in accepted}


_GRADERS: dict[str, Callable[[Question, Any], Result]] = {
    "single": _grade_single,
    "multiple": _grade_multiple,
    "judge": _grade_judge,
    "fill": _grade_fill,
}


def key_text(q: Question) -> str:
    """The key as a learner reads it (for feedback and 错题本)."""
    if q.type == "single":
        return f"{q.answer}. {q.option_text(q.answer)}"
    if q.type == "multiple":
        return "；".join(f"{oid}. {q.option_text(oid)}" for oid in sorted(q.answer))
    if q.type == "judge":
        return t(f"judge.{str(q.answer).lower()}")
    if q.type == "fill":
        return "；".join(accepted[0] for accepted in q.answer)
    return q.reference


def response_text(q: Question, response: Any) -> str:
    """A learner's response as text (for feedback tables and reports)."""
    if _is_blank(response):
        return t("grade.unanswered")
    if q.type == "single" and isinstance(response, str):
        return f"{response}. {q.option_text(response)}"
    if q.type == "multiple" and isinstance(response, (list, tuple)):
        return "；".join(f"{oid}. {q.option_text(oid)}" for oid in sorted(map(str, response)))
    if q.type == "judge" and isinstance(response, bool):
        return t(f"judge.{str(response).lower()}")
    if isinstance(response, (list, tuple)):
        return "；".join(str(r or "") for r in response)
    return str(response)
