"""How each auto-graded type scores a response, and the Result every grader returns (pure, no I/O)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .fill import accepts
from .messages import t
from .model import Question

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


def result(q: Question, points: float, status: Status, *reasons: str) -> Result:
    return Result(q.id, points, q.points, status, tuple(reasons))


def _option(q: Question, value: Any) -> str:
    if not isinstance(value, str):
        raise Malformed(repr(value)[:40])
    oid = value.strip().upper()
    if oid not in q.option_ids:
        raise Malformed(t("grade.unknown_option", option=oid))
    return oid


def single(q: Question, response: Any) -> Result:
    chosen = _option(q, response)
    if chosen == q.answer:
        return result(q, q.points, "correct")
    return result(q, 0.0, "wrong", t("grade.wrong_option", options=chosen))


def multiple(q: Question, response: Any) -> Result:
    if isinstance(response, str) or not isinstance(response, (list, tuple, set, frozenset)):
        raise Malformed(repr(response)[:40])
    chosen = {_option(q, v) for v in response}
    key = set(q.answer)
    wrong, missing = sorted(chosen - key), sorted(key - chosen)
    if wrong:
        return result(q, 0.0, "wrong", t("grade.wrong_option", options="".join(wrong)))
    if not missing:
        return result(q, q.points, "correct")
    reason = t("grade.missing_option", options="".join(missing))
    if q.policy == "strict":
        return result(q, 0.0, "wrong", reason)
    share = 0.5 if q.policy == "half" else len(chosen) / len(key)
    return result(q, round(q.points * share, 2), "partial", reason)


def judge(q: Question, response: Any) -> Result:
    if not isinstance(response, bool):
        raise Malformed(repr(response)[:40])
    if response == q.answer:
        return result(q, q.points, "correct")
    return result(q, 0.0, "wrong", t("grade.judged", answer=t(f"judge.{str(response).lower()}")))


def fill(q: Question, response: Any) -> Result:
    blanks = [response] if isinstance(response, str) else response
    if not isinstance(blanks, (list, tuple)) or not all(isinstance(b, (str, type(None))) for b in blanks):
        raise Malformed(repr(response)[:40])
    if len(blanks) != len(q.answer):
        raise Malformed(t("grade.blank_count", expected=len(q.answer), got=len(blanks)))
    wrong = [n for n, (given, accepted) in enumerate(zip(blanks, q.answer), 1) if not accepts(accepted, given, q.stem)]
    if not wrong:
        return result(q, q.points, "correct")
    reasons = [t("grade.blank_wrong", n=n) for n in wrong]
    right = len(q.answer) - len(wrong)
    if right == 0 or q.policy == "strict":
        return result(q, 0.0, "wrong", *reasons)
    return result(q, round(q.points * right / len(q.answer), 2), "partial", *reasons)
