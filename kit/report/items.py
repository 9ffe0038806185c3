"""Item analysis: facility, discrimination (point-biserial, upper/lower 27 %), distractors and flags."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from math import sqrt

import numpy as np

from ..core.grading import key_text
from ..core.messages import t
from ..core.types import HAND_GRADED, TYPES, question_from_dict

GROUP_SHARE = 0.27
MIN_RESPONSES = 5  # fewer answers than this and no flag is raised
TOO_EASY, TOO_HARD = 0.9, 0.3
NEGATIVE = -0.05  # a point-biserial below this is negative beyond rounding noise
FLAGS = ("wrong_key", "too_easy", "too_hard")


@dataclass(frozen=True)
class ItemStats:
    item: str
    lesson: str
    type: str
    stem: str
    key: str
    n: int
    facility: float  # mean share of the points, = share correct for right/wrong items
    point_biserial: float | None  # item score against the rest of the lesson score
    discrimination: float | None  # facility in the upper 27 % minus the lower 27 %
    choices: tuple[tuple[str, int], ...]  # option → how many chose it (the key included)
    flags: tuple[str, ...]


def analyse(entry: dict, lesson: str, scores, rest, choices) -> ItemStats:
    """One item's figures from its answers, in learner order: each answer's share of the points, the rest of that
    learner's lesson score, and (answers × options) how often each option was chosen."""
    scores, rest, choices = np.asarray(scores, dtype=float), np.asarray(rest, dtype=float), np.asarray(choices)
    upper, lower = extremes(rest)
    facility = float(scores.sum()) / len(scores)
    pbis = correlation(scores, rest)
    disc = float(scores[upper].mean() - scores[lower].mean()) if len(upper) else None
    flags = item_flags(entry, len(scores), facility, pbis, disc, choices[upper])
    return ItemStats(entry["id"], lesson, entry["type"], entry["stem"], key_label(entry), len(scores),
                     round(facility, 3), pbis, None if disc is None else round(disc, 3), choice_counts(entry, choices),
                     flags)


def extremes(rest: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The strongest and weakest 27 % of those who took the item, ranked by the rest of their lesson score
    (ties in answer order, which is learner order)."""
    ranked = np.argsort(rest, kind="stable")
    k = round(len(ranked) * GROUP_SHARE)
    return (ranked[-k:], ranked[:k]) if k else (ranked[:0], ranked[:0])


def correlation(xs, ys) -> float | None:
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    if len(xs) < 3:
        return None
    dx, dy = xs - xs.sum() / len(xs), ys - ys.sum() / len(ys)
    sxy, sxx, syy = float((dx * dy).sum()), float((dx * dx).sum()), float((dy * dy).sum())
    return round(sxy / sqrt(sxx * syy), 3) if sxx > 0 and syy > 0 else None


@lru_cache(maxsize=4096)  # responses repeat ("A", ("A", "B"), True...): normalise each once
def options_of(choice) -> tuple[str, ...]:
    if isinstance(choice, bool):
        return (judge_label(choice),)
    if isinstance(choice, str):
        return (choice.strip().upper(),) if choice.strip() else ()
    if isinstance(choice, tuple):
        return tuple(str(c).strip().upper() for c in choice if isinstance(c, str))
    return ()


def has_choices(entry: dict) -> bool:
    return TYPES[entry["type"]].closed


def labels(entry: dict) -> list[str]:
    """The options a response is counted against (choice and true/false items; blanks and essays have none)."""
    if not has_choices(entry):
        return []
    return [o[0] for o in entry.get("options", [])] or [judge_label(True), judge_label(False)]


def choice_row(entry: dict, choice) -> list[int]:
    """How often one response names each of the item's options."""
    chosen = options_of(choice)
    return [chosen.count(label) for label in labels(entry)]


def choice_counts(entry: dict, choices: np.ndarray) -> tuple[tuple[str, int], ...]:
    """How often each option was chosen, over rows of choice_row."""
    if not has_choices(entry):
        return ()
    return tuple((label, int(n)) for label, n in zip(labels(entry), choices.sum(axis=0).tolist()))


def key_options(entry: dict) -> set[str]:
    answer = entry.get("answer")
    if isinstance(answer, bool):
        return {judge_label(answer)}
    if not TYPES[entry["type"]].has_options:
        return set()
    return {answer} if isinstance(answer, str) else set(answer or ())


def strong_prefer_distractor(entry: dict, upper: np.ndarray) -> bool:
    """A distractor chosen by more of the strongest learners than (some option of) the key."""
    key = key_options(entry)
    counts = dict(choice_counts(entry, upper))
    if not key or not counts:
        return False
    return max((c for o, c in counts.items() if o not in key), default=0) > min(counts.get(o, 0) for o in key)


def item_flags(entry: dict, n: int, facility: float, pbis, disc, upper) -> tuple[str, ...]:
    if n < MIN_RESPONSES:
        return ()
    flags = []
    if entry["type"] not in HAND_GRADED and ((pbis is not None and pbis < NEGATIVE) or (disc is not None and disc < 0)
                                     or strong_prefer_distractor(entry, upper)):
        flags.append("wrong_key")
    if facility >= TOO_EASY:
        flags.append("too_easy")
    if facility <= TOO_HARD:
        flags.append("too_hard")
    return tuple(flags)


def judge_label(value: bool) -> str:
    return t(f"judge.{str(value).lower()}")


def key_label(entry: dict) -> str:
    return "" if entry["type"] in HAND_GRADED else key_text(question_from_dict(entry))
