"""The kit's own code cells, recognised by their syntax tree and answered in-process exactly as a kernel would.

Nothing here executes a cell's source. A cell is answered only when its syntax tree is one of the two shapes
`kit build` writes; its literal arguments are read with `ast.literal_eval`, and the very function the hidden cell
would call (`kit.autograder.score`) is called directly. Any other code, any stderr output, any exception or any
result that is not a number: the notebook goes to a real kernel instead (fail closed, and the kernel then shows
exactly what it would have shown).
"""
from __future__ import annotations

import ast
import contextlib
import io
import os
import warnings
from pathlib import Path

from nbformat.notebooknode import NotebookNode

from .slot import score

# A hidden slot cell without its score(...) call, and a quiz cell: the only statements we answer without a kernel.
_SLOT_PRELUDE = [ast.dump(s) for s in ast.parse(
    "import warnings; warnings.simplefilter('ignore')\nfrom kit.autograder import score").body]
SCORE_ARGS = frozenset({"answers_file", "quiz", "slot", "draw", "points", "keys"})
# Kit calls that return None and show nothing when NBGRADER_EXECUTION is set: (module, function) → string arguments.
# A new kind of kit cell that is inert under nbgrader is one row here; until then it simply goes to a kernel.
INERT_CALLS = {("kit", "show"): 1, ("kit.submit", "submit_button"): 0}


class NotKit(Exception):
    """This cell is not one the kit wrote (or did not behave as one): grade the notebook in a kernel."""


def _body(source: str) -> list[ast.stmt]:
    try:
        return ast.parse(source).body
    except (SyntaxError, ValueError):
        raise NotKit("syntax") from None


def _call(stmt: ast.stmt, name: str) -> ast.Call:
    ok = isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
    if not ok or not isinstance(stmt.value.func, ast.Name) or stmt.value.func.id != name:
        raise NotKit(name)
    return stmt.value


def score_arguments(source: str) -> dict:
    """The literal keyword arguments of a hidden slot cell's score(...) call; NotKit for anything else."""
    body = _body(source)
    if len(body) != 4 or [ast.dump(s) for s in body[:3]] != _SLOT_PRELUDE:
        raise NotKit("slot")
    call = _call(body[3], "score")
    if call.args or {kw.arg for kw in call.keywords} != SCORE_ARGS or len(call.keywords) != len(SCORE_ARGS):
        raise NotKit("score")
    try:
        return {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords}
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise NotKit("literal") from None


def is_inert_call(source: str) -> bool:
    """`from <module> import <f>` + `<f>(<literal strings>)` for a kit call that does nothing under nbgrader."""
    body = _body(source)
    if len(body) != 2 or not isinstance(body[0], ast.ImportFrom) or len(body[0].names) != 1:
        return False
    module, name = body[0].module, body[0].names[0]
    if body[0].level or name.asname or INERT_CALLS.get((module, name.name)) is None:
        return False
    call = _call(body[1], name.name)
    literal = all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args)
    return literal and not call.keywords and len(call.args) == INERT_CALLS[(module, name.name)]


def evaluate_score(arguments: dict, folder: Path, count: int) -> list[NotebookNode]:
    """Call score() as the kernel would (in the notebook's folder), returning the outputs the kernel would record."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.chdir(folder), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
                warnings.catch_warnings():
            warnings.simplefilter("ignore")  # what the cell's own first line does
            value = score(**arguments)
    except Exception as exc:  # the kernel would show a traceback and give zero: let it
        raise NotKit(f"score raised {type(exc).__name__}") from None
    if err.getvalue() or type(value) is not float:
        raise NotKit("stderr or non-float result")
    return _outputs(out.getvalue(), repr(value), count)


def _outputs(stdout: str, plain: str, count: int) -> list[NotebookNode]:
    outputs = [NotebookNode(name="stdout", output_type="stream", text=stdout)] if stdout else []
    outputs.append(NotebookNode(data=NotebookNode({"text/plain": plain}), execution_count=count,
                                metadata=NotebookNode(), output_type="execute_result"))
    return outputs


def _is_restored(cell: NotebookNode) -> bool:
    """Locked with a grade id: OverwriteCells has put back the gradebook's own source for it."""
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("locked")) and bool(meta.get("grade_id"))


def cell_outputs(cell: NotebookNode, folder: Path, count: int) -> list[NotebookNode]:
    if not _is_restored(cell):
        raise NotKit("not a locked nbgrader cell")
    if is_inert_call(cell.source):
        return []
    return evaluate_score(score_arguments(cell.source), folder, count)


def answer_notebook(nb: NotebookNode, folder: Path) -> None:
    """Fill every code cell's outputs and execution count as a kernel run would; NotKit leaves `nb` untouched."""
    planned, count = [], 0
    with _autograde_env():
        for cell in nb.cells:
            if cell.cell_type != "code" or not cell.source.strip():
                continue  # nbclient skips blank code cells too: no count, no outputs
            count += 1
            planned.append((cell, count, cell_outputs(cell, folder, count)))
    for cell, n, outputs in planned:
        cell.execution_count, cell.outputs = n, outputs


@contextlib.contextmanager
def _autograde_env():
    """nbgrader runs the kernel with NBGRADER_EXECUTION=autograde; score() reads it to know whose draw to grade."""
    old = os.environ.get("NBGRADER_EXECUTION")
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("NBGRADER_EXECUTION", None)
        else:
            os.environ["NBGRADER_EXECUTION"] = old
