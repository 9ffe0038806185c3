"""A lesson's grade matrix as the report reads it (one query per grade cell) equals the gradebook row by row: ids in
any order, two notebooks in a lesson, a missing grade row, a submission without grades, manual scores and extra
credit, on SQLite and on PostgreSQL."""
from __future__ import annotations

import math
import os
import random
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from kit.grader.gradebook import lesson_grades

from ..hub.conftest import NEEDS_ROOT, needs_postgres, postgres  # noqa: F401 - the cluster fixture

pytestmark = pytest.mark.nbgrader
CELLS = {"n1": ("c-b", "c-a"), "n2": ("c-c",)}  # notebook → grade cells (names sort differently from the order)


def fill(url: str) -> dict[tuple[str, str], float | None]:
    """A lesson `la` (and a lesson `lb` that must not leak in); returns (learner, cell) → nbgrader's score."""
    from nbgrader.api import Gradebook

    Gradebook(url, "matrix").close()  # nbgrader's own schema
    rng, expected = random.Random(5), {}
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        def insert(table: str, **row) -> None:
            conn.execute(sa.text(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})"), row)

        for lesson in ("la", "lb"):
            insert("assignment", id=f"a-{lesson}", name=lesson, course_id="matrix")
            for nb, cells in CELLS.items():
                insert("notebook", id=f"{lesson}-{nb}", name=nb, assignment_id=f"a-{lesson}")
                for cell in cells:
                    insert("base_cell", id=f"{lesson}-{cell}", name=cell, notebook_id=f"{lesson}-{nb}", type="GradeCell")
                    insert("grade_cells", id=f"{lesson}-{cell}", max_score=2.0, cell_type="code")
        for learner in (f"m{i}" for i in range(7)):
            insert("student", id=learner)
            for lesson in ("la", "lb"):
                sa_id = uuid.UUID(int=rng.getrandbits(128)).hex  # random ids: their order is not the learners'
                insert("submitted_assignment", id=sa_id, assignment_id=f"a-{lesson}", student_id=learner)
                for nb, cells in CELLS.items():
                    if learner == "m5" and nb == "n2":
                        continue  # submitted one notebook of two
                    sn = uuid.UUID(int=rng.getrandbits(128)).hex
                    insert("submitted_notebook", id=sn, assignment_id=sa_id, notebook_id=f"{lesson}-{nb}")
                    for cell in cells:
                        if (learner, cell) in {("m2", "c-a"), ("m3", "c-c")}:
                            continue  # a grade row missing; m3's second notebook has none at all
                        auto, manual, extra = rng.choice([0.0, 1.0, 2.0, None]), rng.choice([None, None, 1.5]), \
                            rng.choice([None, None, 0.25])
                        insert("grade", id=uuid.uuid4().hex, notebook_id=sn, cell_id=f"{lesson}-{cell}",
                               auto_score=auto, manual_score=manual, extra_credit=extra, needs_manual_grade=False)
                        if lesson == "la":
                            base = manual if manual is not None else auto
                            expected[(learner, cell)] = 0.0 if base is None else base + (extra or 0.0)
    engine.dispose()
    return expected


@pytest.fixture(autouse=True)
def alembic_on_path(monkeypatch):
    """nbgrader creates its schema by running `alembic`, found beside this Python."""
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")


def check(url: str) -> None:
    expected = fill(url)
    chosen = {"m0", "m1", "m2", "m3", "m5", "m6"}  # m4 is outside the report's selection
    grades = lesson_grades(url, "la", chosen)
    assert grades.learners == ("m0", "m1", "m2", "m3", "m5", "m6")
    assert grades.cells == ("c-a", "c-b", "c-c") and grades.max_score.tolist() == [2.0, 2.0, 2.0]
    for r, learner in enumerate(grades.learners):
        for c, cell in enumerate(grades.cells):
            want, got = expected.get((learner, cell)), float(grades.score[r, c])
            assert (math.isnan(got) and want is None) or got == want, (learner, cell, got, want)
    assert math.isnan(grades.score[grades.learners.index("m2"), 0]) and math.isnan(grades.score[3, 2])


def test_sqlite_grade_matrix_equals_the_gradebook(tmp_path):
    check(f"sqlite:///{tmp_path / 'gradebook.db'}")


@pytest.mark.postgres
@needs_postgres
@NEEDS_ROOT
def test_postgres_grade_matrix_equals_the_gradebook(postgres):  # noqa: F811 - the fixture imported above
    check(postgres.create_database("matrix"))
