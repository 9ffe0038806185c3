"""The kernel-free autograde: a kit quiz notebook is graded only from its answers file and the gradebook's own cells.

Which notebooks are kit quiz notebooks is decided by the trainer's data, never by the submission: the gradebook's
own code cells for the notebook are all cells the kit writes (hidden grading cells, quiz cells, the 提交 cell).
For such a notebook no cell is executed and no kernel is started: each grading cell is answered from the
gradebook's source for its grade id (`slot.parse`, a syntax-tree match, then `slot.answer` in this process), quiz
and 提交 cells show nothing (as under nbgrader), and a cell the learner added is never run. Any other notebook
goes to nbgrader's kernel, started so that the submission folder cannot shadow an installed package.
"""
from __future__ import annotations

import ast
import contextlib
import functools
import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

from nbformat.notebooknode import NotebookNode
from nbgrader.api import Gradebook
from nbgrader.preprocessors import Execute

from . import slot
from .gradebook import own_code_cells

# Kit calls that return None and show nothing when NBGRADER_EXECUTION is set: (module, function) → string arguments.
INERT_CALLS = {("kit", "show"): 1, ("kit.submit", "submit_button"): 0}
IN_PROCESS, KERNEL = "in-process", "kernel"
LANGUAGE_INFO = {"name": "python", "version": platform.python_version(), "mimetype": "text/x-python",
                 "codemirror_mode": {"name": "ipython", "version": 3}, "pygments_lexer": "ipython3",
                 "nbconvert_exporter": "python", "file_extension": ".py"}


def is_inert_call(source: str) -> bool:
    """`from <module> import <f>` + `<f>(<literal strings>)` for a kit call that does nothing under nbgrader."""
    try:
        body = ast.parse(source).body
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    if len(body) != 2 or not isinstance(body[0], ast.ImportFrom) or len(body[0].names) != 1:
        return False
    module, name = body[0].module, body[0].names[0]
    expected = INERT_CALLS.get((module or "", name.name))
    call = body[1].value if isinstance(body[1], ast.Expr) else None
    if body[0].level or name.asname or expected is None or not isinstance(call, ast.Call):
        return False
    if not isinstance(call.func, ast.Name) or call.func.id != name.name:
        return False
    literal = all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args)
    return literal and not call.keywords and len(call.args) == expected


def _slot_or_none(source: str) -> slot.SlotCall | None:
    try:
        return slot.parse(source)
    except slot.NotSlot:
        return None


@dataclass(frozen=True)
class OwnCells:
    """The gradebook's own code cells of one notebook (grade id → source): what the trainer released."""

    sources: dict[str, str]

    @functools.cached_property
    def slots(self) -> dict[str, slot.SlotCall]:
        """The grading cells among them, parsed once (grade id → call)."""
        parsed = {grade_id: _slot_or_none(source) for grade_id, source in self.sources.items()}
        return {grade_id: call for grade_id, call in parsed.items() if call is not None}

    @functools.cached_property
    def is_kit(self) -> bool:
        return bool(self.sources) and all(k in self.slots or is_inert_call(s) for k, s in self.sources.items())


def own_cells(gradebook: Gradebook, notebook: str, assignment: str) -> OwnCells:
    return OwnCells(own_code_cells(gradebook, notebook, assignment))


def cell_outputs(cell: NotebookNode, own: OwnCells, folder: Path, learner: str, count: int) -> list[NotebookNode]:
    """What a kernel would record for this cell, from the gradebook's source for its grade id only."""
    call = own.slots.get(cell.metadata.get("nbgrader", {}).get("grade_id") or "")
    if call is None:
        return []  # a quiz or 提交 cell (inert under nbgrader), or a cell the learner added: never run
    line, value = slot.answer(call, folder, learner)
    return _outputs(line + "\n", repr(value), count)


def _outputs(stdout: str, plain: str, count: int) -> list[NotebookNode]:
    outputs = [NotebookNode(name="stdout", output_type="stream", text=stdout)] if stdout else []
    outputs.append(NotebookNode(data=NotebookNode({"text/plain": plain}), execution_count=count,
                                metadata=NotebookNode(), output_type="execute_result"))
    return outputs


def answer_notebook(nb: NotebookNode, own: OwnCells, folder: Path, learner: str) -> None:
    """Fill the kit cells' outputs and execution counts as a kernel run would; learner cells stay unrun."""
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if not cell.source.strip() or grade_id not in own.sources:
            continue  # blank cells (nbclient skips them too) and cells the trainer did not release
        count += 1
        cell.execution_count, cell.outputs = count, cell_outputs(cell, own, folder, learner, count)


class KitExecute(Execute):
    """nbgrader's Execute step, except that a kit quiz notebook is graded without a kernel and without its cells."""

    paths: list[str] | None = None

    def preprocess(self, nb, resources, retries=None):
        info = resources.get("nbgrader", {})
        own = self._own_cells(info["db_url"], info["notebook"], info["assignment"])
        if not own.is_kit:
            self._note(KERNEL)
            with _safe_path():
                return super().preprocess(nb, resources, retries)
        folder = Path(resources.get("metadata", {}).get("path") or ".").resolve()
        with _installed_imports_only():
            answer_notebook(nb, own, folder, info["student"])
        nb.metadata["language_info"] = dict(LANGUAGE_INFO)  # what the kernel would have reported
        self._note(IN_PROCESS)
        return nb, resources

    def _own_cells(self, db_url: str, notebook: str, assignment: str) -> OwnCells:
        """The lesson's own cells, read and parsed once per step (a grading worker keeps its steps for the run;
        autograde never changes the trainer's cells)."""
        known = self.__dict__.setdefault("_known", {})
        if (db_url, notebook, assignment) not in known:
            with Gradebook(db_url) as gradebook:
                known[db_url, notebook, assignment] = own_cells(gradebook, notebook, assignment)
        return known[db_url, notebook, assignment]

    def _note(self, path: str) -> None:
        if self.paths is not None:
            self.paths.append(path)


@contextlib.contextmanager
def _installed_imports_only():
    """'' on sys.path (python -c, a Jupyter kernel) means the working directory: grading imports nothing from it."""
    saved, here = list(sys.path), os.getcwd()
    sys.path[:] = [p for p in sys.path if p not in ("", ".") and os.path.abspath(p) != here]
    try:
        yield
    finally:
        sys.path[:] = saved


@contextlib.contextmanager
def _safe_path():
    """A kernel started here does not put its folder (the submission) on sys.path (PYTHONSAFEPATH, IPython ≥ 9.7)."""
    old = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("PYTHONSAFEPATH", None)
        else:
            os.environ["PYTHONSAFEPATH"] = old
