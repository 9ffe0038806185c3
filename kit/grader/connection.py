"""nbgrader's per-notebook overhead, trimmed without touching a grade: one open gradebook, schemas checked once.

nbgrader opens the gradebook a dozen times per submission (each time connecting, inspecting and creating
tables) and re-checks its own fixed metadata schema for every cell. Its grading logic, queries and commits are
untouched: only the connection they go through and the repeated schema check change.
"""
from __future__ import annotations

import contextlib
import functools
import importlib
import types

import fastjsonschema
from jsonschema import exceptions as schema_errors
from jsonschema import validators
from nbgrader.api import Gradebook
from sqlalchemy import create_engine, event

# nbgrader modules that open the gradebook during autograde (each imported the name for itself)
GRADEBOOK_USERS = ("nbgrader.converters.autograde", "nbgrader.preprocessors.overwritecells",
                   "nbgrader.preprocessors.saveautogrades", "nbgrader.preprocessors.latesubmissions",
                   "nbgrader.preprocessors.overwritekernelspec", "kit.grader.kernelfree")
BUSY_MS = 120_000  # a worker waits this long for the other's write to finish before giving up
# nbgrader's metadata schemas, each compiled once per process (compared by content, so any course's are right)
_COMPILED: list = []
# the lesson's own cells and notebooks: the same rows for every learner, and autograde never changes them
LESSON_LOOKUPS = frozenset({"find_source_cell", "find_grade_cell", "find_solution_cell", "find_task_cell",
                            "find_graded_cell", "find_notebook", "find_assignment"})


class Lent:
    """The open gradebook, lent to one `with Gradebook(...)` block of nbgrader's: leaving it does not close it.

    Lookups of the lesson's cells are answered from `lookups` after the first time (one dict per worker)."""

    def __init__(self, gradebook: Gradebook, lookups: dict):
        self._gradebook, self._lookups = gradebook, lookups

    def __enter__(self) -> Lent:
        return self

    def __exit__(self, kind, value, tb) -> None:
        if kind is not None:  # what closing would have done to unfinished work
            self._gradebook.db.rollback()

    def __getattr__(self, name):
        found = getattr(self._gradebook, name)
        return functools.partial(self._remembered, name, found) if name in LESSON_LOOKUPS else found

    def _remembered(self, name: str, find, *args):
        key = (name, *args)
        if key not in self._lookups:
            self._lookups[key] = find(*args)
        return self._lookups[key]


def _connection_pragmas(conn, _record) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")  # wait for the other worker's write, never fail on it
    # nbgrader commits ten times per notebook: in WAL mode a commit appends to the log instead of syncing the
    # database file each time; the gradebook stays consistent through a crash (SQLite's documented pairing)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")


def open_gradebook(db_url: str, course_id: str) -> Gradebook:
    """One connection for the whole run, waiting (not failing) while another process writes.

    Objects nbgrader loaded stay loaded across its commits (one worker is the only writer of its learners' rows;
    the lesson's cells do not change while grading): nbgrader's next step reads them again without a query."""
    gradebook = Gradebook(db_url, course_id)
    gradebook.check_course("default_course")  # nbgrader's preprocessors open it under this id: same rows as stock
    gradebook.db.commit()
    if db_url.startswith("sqlite"):
        event.listen(gradebook.engine, "connect", _connection_pragmas)
    gradebook.db.remove()  # the next session is made with the setting below (and, for SQLite, the pragmas)
    gradebook.engine.dispose()
    gradebook.db.configure(expire_on_commit=False)
    return gradebook


def settle(db_url: str) -> None:
    """After grading: fold SQLite's write-ahead log back into the gradebook file, a single file again."""
    if not db_url.startswith("sqlite"):
        return
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_MS}")
            conn.exec_driver_sql("PRAGMA journal_mode = DELETE")
    finally:
        engine.dispose()


def _checked_validate(compiled: list):
    def validate(instance, schema):
        """jsonschema.validate, with each (fixed) schema compiled once: a valid instance is recognised by the
        compiled check; an invalid one gets jsonschema's own error, raised the same way."""
        # nbgrader reloads its one schema for every cell: compared with those compiled, not compiled again
        found = next((checks for known, *checks in compiled if known == schema), None)
        if found is None:
            found = [fastjsonschema.compile(schema), validators.validator_for(schema)(schema)]
            compiled.append((schema, *found))
        fast, full = found
        try:
            fast(instance)
            return
        except fastjsonschema.JsonSchemaException:
            pass
        error = schema_errors.best_match(full.iter_errors(instance))
        if error is not None:
            raise error
    return validate


@contextlib.contextmanager
def lent_gradebook(gradebook: Gradebook, lookups: dict, stand_in: object | None = None):
    """While grading, nbgrader's own `Gradebook(url)` calls return the open gradebook (same database only), or
    `stand_in` (kit.grader.batch.Batch) in its place."""
    modules = [importlib.import_module(name) for name in GRADEBOOK_USERS]
    url = gradebook.engine.url.render_as_string(hide_password=False)

    def borrow(db_url, course_id="default_course", authenticator=None):
        same = db_url == url and authenticator is None
        if not same:
            return Gradebook(db_url, course_id, authenticator)
        return stand_in if stand_in is not None else Lent(gradebook, lookups)

    saved = [getattr(module, "Gradebook") for module in modules]  # noqa: B009
    for module in modules:
        setattr(module, "Gradebook", borrow)  # noqa: B010
    try:
        with _checked_schemas():
            yield
    finally:
        for module, original in zip(modules, saved):
            setattr(module, "Gradebook", original)  # noqa: B010


@contextlib.contextmanager
def _checked_schemas():
    common = importlib.import_module("nbgrader.nbgraderformat.common")
    original = getattr(common, "jsonschema")  # noqa: B009
    checked = types.SimpleNamespace(validate=_checked_validate(_COMPILED), ValidationError=original.ValidationError)
    setattr(common, "jsonschema", checked)  # noqa: B010
    try:
        yield
    finally:
        setattr(common, "jsonschema", original)  # noqa: B010
