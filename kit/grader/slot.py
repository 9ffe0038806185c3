"""The hidden grading cell's one home: how its `score(...)` call is written, read back and answered.

`kit build` writes the call (`render`); gradebooks store that source, so its shape is versioned (`VERSION`)
and every shape ever released keeps parsing. The kernel-free autograde and the feedback step read it back
(`parse`: a syntax-tree match and literal arguments, never executed). nbgrader's kernel, for notebooks that
still run in one, calls `score` through `kit.autograder`.

`score` runs inside nbgrader's autograde kernel. It must print nothing to stderr (nbgrader gives zero for any
stderr output) and must fail closed: a missing or damaged answers file scores zero with a clear line.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.answers import read_sheet_or_reason
from ..core.draw import grading_learner, slot_items
from ..core.grading import Result, grade
from ..core.messages import t
from ..core.model import Question
from ..core.types import TYPES

VERSION = 1  # the shape below; a new shape gets a new number and `parse` keeps reading the old ones
Key = tuple  # (type, answer, points, policy, option ids)
NOTE = "# 评分用单元格（请勿修改）"
PRELUDE = ("import warnings; warnings.simplefilter('ignore')", "from kit.autograder import score")
ARGUMENTS = ("answers_file", "quiz", "slot", "draw", "points", "keys")
_PRELUDE = [ast.dump(s) for s in ast.parse("\n".join(PRELUDE)).body]


@dataclass(frozen=True)
class SlotCall:
    """The literal arguments of one hidden grading cell."""

    answers_file: str
    quiz: str
    slot: int
    draw: int | None
    points: float
    keys: dict[str, Key]


class NotSlot(Exception):
    """This source is not a grading cell the kit wrote."""


def render(call: SlotCall) -> str:
    """The hidden cell's source, exactly as `kit build` has always written it (version 1)."""
    return "\n".join([
        NOTE,
        "### BEGIN HIDDEN TESTS",
        *PRELUDE,
        f"score(answers_file={call.answers_file!r}, quiz={call.quiz!r}, slot={call.slot}, draw={call.draw!r}, "
        f"points={call.points!r},",
        f"      keys={call.keys!r})",
        "### END HIDDEN TESTS",
    ])


def parse(source: str) -> SlotCall:
    """The call in a grading cell's source (comments ignored); NotSlot for anything else. Never executes it."""
    try:
        body = ast.parse(source).body
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        raise NotSlot("syntax") from None
    if len(body) != 4 or [ast.dump(s) for s in body[:3]] != _PRELUDE:
        raise NotSlot("shape")
    call = body[3].value if isinstance(body[3], ast.Expr) else None
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name) or call.func.id != "score" or call.args:
        raise NotSlot("call")
    if sorted(kw.arg or "" for kw in call.keywords) != sorted(ARGUMENTS):
        raise NotSlot("arguments")
    try:
        args = {str(kw.arg): ast.literal_eval(kw.value) for kw in call.keywords}
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise NotSlot("literal") from None
    return _typed(args)


def _typed(args: dict[str, Any]) -> SlotCall:
    ok = (isinstance(args["answers_file"], str) and isinstance(args["quiz"], str) and type(args["slot"]) is int
          and (args["draw"] is None or type(args["draw"]) is int) and isinstance(args["points"], (int, float))
          and isinstance(args["keys"], dict) and args["slot"] >= 1)
    if not ok:
        raise NotSlot("types")
    return SlotCall(args["answers_file"], args["quiz"], args["slot"], args["draw"], float(args["points"]), args["keys"])


def key_question(item: str, key: Key) -> Question:
    """A Question rebuilt from the compact key a hidden cell carries (no stem: grading does not need it)."""
    qtype, answer, points, policy, option_ids = key
    return Question(id=item, type=qtype, stem="", options=tuple((o, "") for o in option_ids),
                    answer=TYPES[qtype].decode_key(answer), points=float(points), policy=policy)


def slot_result(answers_file: str, quiz: str, slot: int, draw: int | None, keys: dict[str, Key],
                folder: Path | None = None, learner: str | None = None) -> tuple[str | None, Result | None, str]:
    """The item in this slot of the learner's draw and its result; (None, None, reason) when unreadable."""
    path = (folder or Path.cwd()) / answers_file
    sheet, problem = read_sheet_or_reason(path)
    if sheet is None:
        return None, None, problem
    drawn = slot_items(list(keys), (), draw, learner or grading_learner(path.parent, sheet.learner), quiz)
    if slot > len(drawn):
        return None, None, t("grade.bad_answers_file", name=answers_file, detail=f"slot {slot}")
    item = drawn[slot - 1]
    rejected = sheet.rejection(quiz, item)
    result = grade(key_question(item, keys[item]), None if rejected else sheet.response(quiz, item))
    return item, result, rejected


def answer(call: SlotCall, folder: Path | None = None, learner: str | None = None) -> tuple[str, float]:
    """What the cell prints and returns: one line saying what was judged, and the slot's points."""
    item, result, problem = slot_result(call.answers_file, call.quiz, call.slot, call.draw, call.keys,
                                        folder=folder, learner=learner)
    if result is None:
        return problem, 0.0
    line = f"{item}: {result.status}" + (f" ({problem})" if problem else "")
    return line, round(result.points / result.max_points * call.points, 2) if result.max_points else 0.0


def score(answers_file: str, quiz: str, slot: int, draw: int | None, points: float, keys: dict[str, Key]) -> float:
    """Points for one graded slot, scaled to the slot's points; printed reasons go to stdout only."""
    line, value = answer(SlotCall(answers_file, quiz, slot, draw, float(points), keys))
    print(line)
    return value


__all__ = ["VERSION", "NotSlot", "SlotCall", "answer", "parse", "render", "score", "slot_result"]
