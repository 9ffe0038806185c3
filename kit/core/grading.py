"""The one grading function: pure, used by the practice widget, the hidden autograder cells and reports."""
from __future__ import annotations

from typing import Any

from .messages import t
from .model import Question
from .scoring import Malformed, Result, result
from .types import TYPES, key_text

__all__ = ["Result", "grade", "key_text", "response_text"]


def grade(question: Question, response: Any) -> Result:
    """Score one response. Never raises on learner input and never gives marks it cannot justify."""
    score = TYPES[question.type].score
    if score is None:
        return Result(question.id, 0.0, question.points, "manual", (t("grade.manual"),))
    if question.answer is None:
        return result(question, 0.0, "ungradable", t("grade.no_key"))
    if _is_blank(response):
        return result(question, 0.0, "unanswered", t("grade.unanswered"))
    try:
        return score(question, response)
    except Malformed as exc:
        return result(question, 0.0, "ungradable", t("grade.malformed", detail=exc))


def _is_blank(response: Any) -> bool:
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    if isinstance(response, (list, tuple, set, frozenset)):
        return all(_is_blank(r) for r in response) if response else True
    return False


def response_text(q: Question, response: Any) -> str:
    """A learner's response as text (for feedback tables and reports)."""
    if _is_blank(response):
        return t("grade.unanswered")
    text = TYPES[q.type].response_text(q, response)
    if text is not None:
        return text
    if isinstance(response, (list, tuple)):
        return "；".join(str(r or "") for r in response)
    return str(response)
