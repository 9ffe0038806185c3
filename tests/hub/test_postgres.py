"""The gradebook in PostgreSQL: the demo round trip gives the same scores and the same report as with SQLite."""
from __future__ import annotations

import csv
import io

import pytest

from kit.core.messages import t
from kit.demo import run_demo
from kit.grader.pipeline import Course

from ..grader.gradebook_rows import gradebook_rows
from ..grader.test_batch import collect_cases, grade_in_batches, grade_one_by_one, trainer_changes
from .conftest import NEEDS_ROOT, needs_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.nbgrader, needs_postgres, NEEDS_ROOT]
LESSONS = ["dangzhang"]


def _run(folder, monkeypatch, db_url: str | None):
    if db_url:
        monkeypatch.setenv("KIT_DB_URL", db_url)
    else:
        monkeypatch.delenv("KIT_DB_URL", raising=False)
    return run_demo(folder, learners=6, lessons=LESSONS, seed=7, jobs=1, progress=False)


def _csvs(result) -> dict[str, list[list[str]]]:
    """Each CSV report as rows, without 用时: time on task is measured from the answers files' event times (wall
    clock of each run, not the gradebook), so two runs differ there on a busy machine; every other cell must agree."""
    found = {}
    for path in (p for p in result.reports if p.suffix == ".csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        keep = [i for i, name in enumerate(rows[0]) if name != t("report.col.minutes")]
        found[path.name] = [[row[i] for i in keep if i < len(row)] for row in rows]
    return found


def test_postgres_gradebook_gives_the_same_scores_and_report_as_sqlite(postgres, tmp_path, monkeypatch):
    url = postgres.create_database("gradebook_roundtrip")
    on_pg = _run(tmp_path / "pg", monkeypatch, url)
    assert Course(on_pg.course).db_url.startswith("postgresql+psycopg://")
    assert not (on_pg.course / "gradebook.db").exists()
    on_sqlite = _run(tmp_path / "sqlite", monkeypatch, None)
    assert (on_sqlite.course / "gradebook.db").exists()
    assert on_pg.totals == on_sqlite.totals and on_pg.totals["dangzhang"]
    assert on_pg.failures == on_sqlite.failures == {"dangzhang": {}}
    assert _csvs(on_pg) == _csvs(on_sqlite) and _csvs(on_pg)


def test_batched_autograde_writes_nbgraders_own_rows_in_postgres(postgres, tmp_path):
    """The batch's bulk statements on PostgreSQL (foreign keys enforced, real booleans and intervals) leave the same
    rows as nbgrader's own gradebook calls, learner by learner."""
    one = collect_cases(tmp_path / "one", postgres.create_database("batch_one"))
    many = collect_cases(tmp_path / "many", postgres.create_database("batch_many"))
    assert grade_in_batches(many) == grade_one_by_one(one)
    rows = gradebook_rows(one.db_url)
    assert gradebook_rows(many.db_url) == rows and rows["grades"] and "stranger" in [r[0] for r in rows["students"]]
    for course in (one, many):  # a second grading after manual scores, extra credit and an extension
        trainer_changes(course)
    assert grade_in_batches(many) == grade_one_by_one(one)
    again = gradebook_rows(one.db_url)
    assert gradebook_rows(many.db_url) == again != rows
