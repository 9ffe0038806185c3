"""Per-learner deterministic randomisation: which items a learner gets and in which option order."""
from __future__ import annotations

import getpass
import hashlib
import os
import pwd
import random
from collections.abc import Collection, Sequence
from pathlib import Path


def _rng(*parts: str) -> random.Random:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def draw_items(pool: Sequence[str], n: int | None, learner: str, quiz: str) -> list[str]:
    """`n` items of the pool for this learner (all, in pool order, when n is None or covers the pool)."""
    if n is None or n >= len(pool):
        return list(pool)
    return _rng("draw", learner, quiz).sample(list(pool), n)


def quiz_items(pool: Sequence[str], hand_graded: Collection[str], n: int | None, learner: str, quiz: str) -> list[str]:
    """The one rule for which items a learner gets in a quiz, in the order shown.

    The widget, the hidden grading cells, the report, the 错题本 and the demo all call this. A drawn quiz draws
    its auto-graded items (the grading slots, in slot order); hand-graded items are never drawn (`kit check`
    rejects them in a drawn pool) and, if present, follow.
    """
    auto = [i for i in pool if i not in hand_graded]
    if n is None or n >= len(auto):
        return list(pool)
    return draw_items(auto, n, learner, quiz) + [i for i in pool if i in hand_graded]


def slot_items(pool: Sequence[str], hand_graded: Collection[str], n: int | None, learner: str, quiz: str) -> list[str]:
    """The auto-graded items of `quiz_items`, in slot order: slot s grades item s - 1."""
    return [i for i in quiz_items(pool, hand_graded, n, learner, quiz) if i not in hand_graded]


def slot_count(auto_graded: int, n: int | None) -> int:
    """How many grading slots a quiz has: one per auto-graded item it draws (the length of `slot_items`)."""
    return auto_graded if n is None or n >= auto_graded else n


def option_order(option_ids: list[str], learner: str, quiz: str, item: str) -> list[str]:
    """The order a learner sees the options in; answers are stored by id, so order never matters."""
    order = list(option_ids)
    _rng("options", learner, quiz, item).shuffle(order)
    return order


def learner_id() -> str:
    """Who is answering: KIT_LEARNER if set, else the name nbgrader will submit under (its get_username rule)."""
    if os.environ.get("KIT_LEARNER"):
        return os.environ["KIT_LEARNER"]
    try:
        name = pwd.getpwuid(os.getuid()).pw_name
    except (KeyError, OSError):
        name = getpass.getuser()
    return os.environ.get("JUPYTERHUB_USER", name) if name == "jovyan" else name


def grading_learner(cwd: Path, fallback: str) -> str:
    """The learner whose work is being autograded: nbgrader runs it in autograded/<student>/<assignment>."""
    if os.environ.get("NBGRADER_EXECUTION") == "autograde" and cwd.parent.parent.name == "autograded":
        return cwd.parent.name
    return fallback
