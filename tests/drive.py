"""Test helpers that act as a learner: run a fetched lesson in a real kernel and answer through its widgets."""
from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def driver_source(plan: dict) -> str:
    """Code that answers every shown quiz through the widgets, as clicks and keystrokes would."""
    return (
        "from kit.learner import runtime\n"
        f"plan = {plan!r}\n"
        "for quiz in list(runtime._SHOWN.values()):\n"
        "    for item in quiz.questions:\n"
        "        if item in plan:\n"
        "            quiz.answer(item, plan[item])\n"
        "print({qid: q.answered for qid, q in runtime._SHOWN.items()})\n"
    )


def run_lesson(folder: Path, learner: str, plan: dict | None = None, extra: list[str] = ()) -> nbformat.NotebookNode:
    """Execute the learner's notebook top to bottom in a fresh kernel, then answer with `plan`."""
    path = next(p for p in Path(folder).glob("*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    cells = [nbformat.v4.new_code_cell(driver_source(plan))] if plan is not None else []
    nb.cells += cells + [nbformat.v4.new_code_cell(src) for src in extra]
    env = {"KIT_LEARNER": learner}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


def read_answers(folder: Path) -> dict:
    return json.loads(next(Path(folder).glob("*.answers.json")).read_text(encoding="utf-8"))
