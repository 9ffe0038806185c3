"""What a hidden autograder cell calls: read the answers file, grade the learner's item, return the points.

It runs inside nbgrader's autograde kernel. It must print nothing to stderr (nbgrader gives zero for any
stderr output) and must fail closed: a missing or damaged answers file scores zero with a clear line.
"""
from __future__ import annotations

from pathlib import Path

from ..core.answers import CorruptAnswers, parse
from ..core.draw import draw_items, grading_learner
from ..core.grading import Result, grade
from ..core.messages import t
from ..core.model import Question

Key = tuple  # (type, answer, points, policy, option ids)


def key_question(item: str, key: Key) -> Question:
    """A Question rebuilt from the compact key a hidden cell carries (no stem: grading does not need it)."""
    qtype, answer, points, policy, option_ids = key
    if qtype == "multiple":
        answer = frozenset(answer)
    elif qtype == "fill":
        answer = tuple(tuple(a) for a in answer)
    return Question(id=item, type=qtype, stem="", options=tuple((o, "") for o in option_ids),
                    answer=answer, points=float(points), policy=policy)


def slot_result(answers_file: str, quiz: str, slot: int, draw: int | None, keys: dict[str, Key],
                folder: Path | None = None, learner: str | None = None) -> tuple[str | None, Result | None, str]:
    """The item in this slot of the learner's draw and its result; (None, None, reason) when unreadable."""
    path = (folder or Path.cwd()) / answers_file
    try:
        sheet = parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, None, t("grade.no_answers_file", name=answers_file)
    except (CorruptAnswers, UnicodeDecodeError, OSError) as exc:
        return None, None, t("grade.bad_answers_file", name=answers_file, detail=str(exc)[:80])
    drawn = draw_items(list(keys), draw, learner or grading_learner(path.parent, sheet.learner), quiz)
    item = drawn[slot - 1]
    result = grade(key_question(item, keys[item]), sheet.response(quiz, item))
    return item, result, ""


def score(answers_file: str, quiz: str, slot: int, draw: int | None, points: float, keys: dict[str, Key]) -> float:
    """Points for one graded slot, scaled to the slot's points; printed reasons go to stdout only."""
    item, result, problem = slot_result(answers_file, quiz, slot, draw, keys)
    if result is None:
        print(problem)
        return 0.0
    print(f"{item}: {result.status}")
    return round(result.points / result.max_points * points, 2) if result.max_points else 0.0
