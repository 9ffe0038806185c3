"""Item analysis: facility, discrimination (point-biserial, upper/lower 27 %), distractors and flags."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from math import sqrt

from ..core.grading import key_text
from ..core.messages import t
from ..core.model import question_from_dict
from .records import CourseRecords, ItemScore

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


def item_stats(records: CourseRecords) -> tuple[ItemStats, ...]:
    by_item: dict[tuple[str, str], list[ItemScore]] = {}
    for x in records.items:
        by_item.setdefault((x.lesson, x.item), []).append(x)
    return tuple(analyse(records.catalogue[item], lesson, answers, records.totals)
                 for (lesson, item), answers in sorted(by_item.items()))


def analyse(entry: dict, lesson: str, answers: list[ItemScore], totals: dict) -> ItemStats:
    scores = [x.score / x.max_score if x.max_score else 0.0 for x in answers]
    rest = [totals.get((x.learner, x.lesson), 0.0) - x.score for x in answers]
    upper, lower = extremes(answers, rest)
    facility = sum(scores) / len(scores)
    pbis = correlation(scores, rest)
    disc = share(upper) - share(lower) if upper and lower else None
    choices = choice_counts(entry, answers)
    flags = item_flags(entry, len(answers), facility, pbis, disc, upper)
    return ItemStats(entry["id"], lesson, entry["type"], entry["stem"], key_label(entry), len(answers),
                     round(facility, 3), pbis, None if disc is None else round(disc, 3), choices, flags)


def extremes(answers: list[ItemScore], rest: list[float]) -> tuple[list[ItemScore], list[ItemScore]]:
    """The strongest and weakest 27 % of those who took the item, ranked by the rest of their lesson score."""
    ranked = [a for _, a in sorted(zip(rest, answers), key=lambda pair: pair[0])]
    k = round(len(ranked) * GROUP_SHARE)
    return (ranked[-k:], ranked[:k]) if k else ([], [])


def share(group: list[ItemScore]) -> float:
    return sum(x.score / x.max_score if x.max_score else 0.0 for x in group) / len(group)


def correlation(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx, syy = sum((x - mx) ** 2 for x in xs), sum((y - my) ** 2 for y in ys)
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


def choice_counts(entry: dict, answers: list[ItemScore]) -> tuple[tuple[str, int], ...]:
    """How often each option was chosen (choice and true/false items; blanks and essays have none)."""
    if entry["type"] not in ("single", "multiple", "judge"):
        return ()
    counts = Counter(o for x in answers for o in options_of(x.choice))
    labels = [o[0] for o in entry.get("options", [])] or [judge_label(True), judge_label(False)]
    return tuple((label, counts.get(label, 0)) for label in labels)


def key_options(entry: dict) -> set[str]:
    answer = entry.get("answer")
    if isinstance(answer, bool):
        return {judge_label(answer)}
    if entry["type"] == "multiple":
        return set(answer or ())
    return {answer} if entry["type"] == "single" and isinstance(answer, str) else set()


def strong_prefer_distractor(entry: dict, upper: list[ItemScore]) -> bool:
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
    if entry["type"] != "short" and ((pbis is not None and pbis < NEGATIVE) or (disc is not None and disc < 0)
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
    return key_text(question_from_dict(entry)) if entry["type"] != "short" else ""
