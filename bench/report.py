"""Benchmark: `kit report` (HTML + XLSX + CSV) against `nbgrader export` on a synthetic gradebook.

1,000 learners × 12 lessons × 30 items, written with bulk inserts into the schema nbgrader's own
Gradebook class creates. Both commands run as subprocesses on the same gradebook; peak memory is the
child's maximum resident set size. Targets: kit report < 10 s, ≥ 10× faster, < 1 GiB.

    .venv/bin/python bench/report.py [--learners 1000] [--lessons 12] [--items 30] [--folder DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

BIN = Path(sys.executable).parent
os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"  # nbgrader runs `alembic` by name
BRANCHES = 20
CONFIG = """c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "bench"
c.CourseDirectory.root = {root!r}
c.CourseDirectory.db_url = "sqlite:///{db}"
"""


def ids(prefix: str, *parts) -> str:
    return (prefix + "".join(f"{p:04d}" for p in parts)).ljust(32, "0")[:32]


def manifest(lessons: int, items: int) -> dict:
    catalogue, entries = {}, {}
    for n in range(lessons):
        pool = [f"q{n:02d}-{i:02d}" for i in range(items)]
        for iid in pool:
            catalogue[iid] = {"id": iid, "type": "single", "stem": f"第{n + 1}课 第{iid[-2:]}题", "points": 1.0,
                              "options": [["A", "甲"], ["B", "乙"], ["C", "丙"], ["D", "丁"]], "answer": "B",
                              "tags": [f"课{n + 1}"], "bank": "bench", "policy": "partial"}
        entries[f"l{n:02d}"] = {"notebook": f"l{n:02d}", "title": f"第{n + 1}课", "hours": 3,
                                "answers_file": f"l{n:02d}.answers.json",
                                "quizzes": {f"l{n:02d}-exam": {"mode": "exam", "draw": None, "items": pool,
                                                               "slot_points": 1.0}}}
    return {"schema": 1, "course_id": "bench", "lessons": entries, "items": catalogue}


def roster(learners: int) -> dict:
    rows = [{"id": f"u{i:05d}", "name": f"学员{i:05d}", "branch": f"第{i % BRANCHES + 1}党支部",
             "committee": f"第{i % 2 + 1}党委", "group": "", "role": "书记" if i < BRANCHES else "党员"}
            for i in range(learners)]
    return {"schema": 1, "learners": rows}


def build(root: Path, learners: int, lessons: int, items: int, answers: bool) -> None:
    """The course folder, the gradebook schema from nbgrader, then every row in bulk."""
    from nbgrader.api import Gradebook

    root.mkdir(parents=True, exist_ok=True)
    db = root / "gradebook.db"
    (root / "nbgrader_config.py").write_text(CONFIG.format(root=str(root), db=db))
    (root / "kit").mkdir(exist_ok=True)
    man = manifest(lessons, items)
    (root / "kit" / "manifest.json").write_text(json.dumps(man, ensure_ascii=False))
    (root / "kit" / "roster.json").write_text(json.dumps(roster(learners), ensure_ascii=False))
    Gradebook(f"sqlite:///{db}", "bench").close()  # nbgrader creates its own schema
    rows = rows_for(learners, lessons, items, random.Random(7))
    insert(f"sqlite:///{db}", rows)
    if answers:
        write_answers(root, rows["choices"], man)


def rows_for(learners: int, lessons: int, items: int, rng: random.Random) -> dict:
    start = datetime(2024, 3, 1)
    out = {"student": [{"id": f"u{i:05d}", "first_name": f"学员{i:05d}"} for i in range(learners)],
           "assignment": [], "notebook": [], "base_cell": [], "grade_cells": [], "submitted_assignment": [],
           "submitted_notebook": [], "grade": [], "choices": []}
    ability = [rng.gauss(0, 1) for _ in range(learners)]
    for n in range(lessons):
        due = start + timedelta(days=30 * n)
        out["assignment"].append({"id": ids("a", n), "name": f"l{n:02d}", "duedate": due, "course_id": "bench"})
        out["notebook"].append({"id": ids("n", n), "name": f"l{n:02d}", "assignment_id": ids("a", n)})
        for i in range(items):
            out["base_cell"].append({"id": ids("c", n, i), "name": f"l{n:02d}-exam-{i + 1}",
                                     "notebook_id": ids("n", n), "type": "GradeCell"})
            out["grade_cells"].append({"id": ids("c", n, i), "max_score": 1.0, "cell_type": "code"})
        for s in range(learners):
            if rng.random() < 0.08:
                continue
            submission_rows(out, n, s, items, ability[s], due, rng)
    return out


def submission_rows(out: dict, n: int, s: int, items: int, ability: float, due: datetime, rng) -> None:
    sid = ids("s", n, s)
    at = due + timedelta(hours=rng.uniform(-240, 24))
    out["submitted_assignment"].append({"id": sid, "assignment_id": ids("a", n), "student_id": f"u{s:05d}",
                                        "timestamp": at})
    out["submitted_notebook"].append({"id": sid, "assignment_id": sid, "notebook_id": ids("n", n),
                                      "flagged": False, "late_submission_penalty": 0.0})
    chosen = {}
    for i in range(items):
        difficulty = (i - items / 2) / (items / 3)
        right = rng.random() < 1 / (1 + 2.718 ** (difficulty - ability))
        if i == 0:  # a broken item: the strong choose C, which the (wrong) key does not accept
            right = ability < 0 and rng.random() < 0.6
        out["grade"].append({"id": ids("g", n, s, i), "notebook_id": sid, "cell_id": ids("c", n, i),
                             "auto_score": 1.0 if right else 0.0, "needs_manual_grade": False})
        chosen[f"q{n:02d}-{i:02d}"] = "B" if right else rng.choice("ACD" if i else "C")
    out["choices"].append((f"u{s:05d}", f"l{n:02d}", chosen))


def insert(db_url: str, rows: dict) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        conn.execute(meta.tables["course"].insert(), [{"id": "bench"}]) if not conn.execute(
            sa.text("SELECT 1 FROM course")).first() else None
        for table in ("student", "assignment", "notebook", "base_cell", "grade_cells", "submitted_assignment",
                      "submitted_notebook", "grade"):
            conn.execute(meta.tables[table].insert(), rows[table])
    engine.dispose()


def write_answers(root: Path, choices: list, man: dict) -> None:
    for learner, lesson, chosen in choices:
        folder = root / "submitted" / learner / lesson
        folder.mkdir(parents=True, exist_ok=True)
        quiz = f"{lesson}-exam"
        sheet = {"schema": 1, "notebook": f"{lesson}.ipynb", "lesson": lesson, "learner": learner,
                 "answers": {quiz: {i: {"response": r, "attempts": 0} for i, r in chosen.items()}},
                 "draws": {quiz: list(chosen)}, "started": {},
                 "events": [{"t": "2024-03-01T09:00:00+08:00", "event": "opened", "quiz": quiz},
                            {"t": "2024-03-01T09:25:00+08:00", "event": "answered", "quiz": quiz}]}
        (folder / f"{lesson}.answers.json").write_text(json.dumps(sheet, ensure_ascii=False))


def timed(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time and the peak RSS (bytes) of one child process, from its own rusage."""
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - t0
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.exit(f"{cmd[0]} failed: {child.stderr.read().decode(errors='replace')[-400:]}")
    return elapsed, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--lessons", type=int, default=12)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--no-answers", action="store_true", help="gradebook only, no submitted answers files")
    args = parser.parse_args()
    root = (args.folder or Path(tempfile.mkdtemp(prefix="kit-bench-"))) / "course"
    t0 = time.perf_counter()
    build(root, args.learners, args.lessons, args.items, not args.no_answers)
    print(f"synthetic course: {args.learners} learners × {args.lessons} lessons × {args.items} items "
          f"in {time.perf_counter() - t0:.1f} s → {root}")
    kit_s, kit_mem = timed([str(BIN / "kit"), "report", "--course", str(root), "--out", str(root / "reports")], root)
    nb_s, nb_mem = timed([str(BIN / "nbgrader"), "export", "--to", str(root / "grades.csv")], root)
    print(f"kit report (HTML+XLSX+CSV): {kit_s:6.2f} s   peak {kit_mem / 2**20:6.0f} MiB")
    print(f"nbgrader export (CSV):      {nb_s:6.2f} s   peak {nb_mem / 2**20:6.0f} MiB")
    print(f"ratio: kit report is {nb_s / kit_s:.1f}× faster")
    ok = kit_s < 10 and nb_s / kit_s >= 10 and kit_mem < 2**30
    print("targets (< 10 s, ≥ 10×, < 1 GiB):", "met" if ok else "NOT met")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
