"""Benchmark: `kit report` (HTML + XLSX + CSV) on a synthetic county-sized gradebook, SQLite and PostgreSQL.

N learners × 12 lessons × 30 items, written lesson by lesson with bulk inserts (COPY on PostgreSQL) into the
schema nbgrader's own Gradebook class creates, plus every learner's answers file. `kit report` runs as a
subprocess on each database; peak memory is the child's maximum resident set size. The stock comparison
(`nbgrader export`, SQLite) runs by default up to 2,000 learners (beyond that it takes many minutes).
Targets: kit report < 30 s and < 1 GiB on each database; ≥ 10× faster than `nbgrader export`.

    .venv/bin/python bench/report.py [--learners 1000] [--lessons 12] [--items 30] [--db sqlite,postgresql]
                                     [--stock/--no-stock] [--folder DIR [--reuse]]

With `--folder DIR --reuse`, a course built there before with the same sizes is kept: its answers files and SQLite
gradebook are reused (PostgreSQL, on a server of the bench's own, is refilled from the same seed).
Beside wall time it prints CPU time (user + sys, the report's worker processes included; for PostgreSQL also the
database server's) and the load average, since the machine is shared.
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from postgres import postgres_server, postmaster, server_seconds  # noqa: E402

BIN = Path(sys.executable).parent
os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"  # nbgrader runs `alembic` by name
BRANCHES = 20
STOCK_UP_TO = 2000
SECONDS, MEMORY, RATIO = 30, 2**30, 10
CONFIG = """c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "bench"
c.CourseDirectory.root = {root!r}
c.CourseDirectory.db_url = "sqlite:///{db}"
"""
COLUMNS = {
    "student": ("id", "first_name"),
    "assignment": ("id", "name", "duedate", "course_id"),
    "notebook": ("id", "name", "assignment_id"),
    "base_cell": ("id", "name", "notebook_id", "type"),
    "grade_cells": ("id", "max_score", "cell_type"),
    "submitted_assignment": ("id", "assignment_id", "student_id", "timestamp"),
    "submitted_notebook": ("id", "assignment_id", "notebook_id", "flagged", "late_submission_penalty"),
    "grade": ("id", "notebook_id", "cell_id", "auto_score", "needs_manual_grade"),
}


def ids(prefix: str, *parts) -> str:
    return (prefix + "".join(f"{p:06d}" for p in parts)).ljust(32, "0")[:32]


def manifest(lessons: int, items: int) -> dict:
    catalogue, entries = {}, {}
    for n in range(lessons):
        pool = [f"q{n:02d}-{i:02d}" for i in range(items)]
        for iid in pool:
            catalogue[iid] = {"id": iid, "type": "single", "stem": f"第{n + 1}课 第{iid[-2:]}题", "points": 1.0,
                              "options": [["A", "甲"], ["B", "乙"], ["C", "丙"], ["D", "丁"]], "answer": "B",
                              "tags": [f"课{n + 1}"], "bank": "bench", "policy": "partial"}
        entries[f"l{n:02d}"] = {"notebook": f"l{n:02d}", "title": f"第{n + 1}课", "hours": 3, "minutes": 45,
                                "answers_file": f"l{n:02d}.answers.json",
                                "quizzes": {f"l{n:02d}-exam": {"mode": "exam", "draw": None, "items": pool,
                                                               "slot_points": 1.0}}}
    return {"schema": 1, "course_id": "bench", "lessons": entries, "items": catalogue}


def roster(learners: int) -> dict:
    rows = [{"id": f"u{i:05d}", "name": f"学员{i:05d}", "branch": f"第{i % BRANCHES + 1}党支部",
             "committee": f"第{i % 2 + 1}党委", "group": "", "role": "书记" if i < BRANCHES else "党员"}
            for i in range(learners)]
    return {"schema": 1, "learners": rows}


def lesson_rows(n: int, learners: int, items: int, ability: list[float], rng: random.Random) -> tuple[dict, list]:
    """One lesson's gradebook rows (tuples in COLUMNS order) and the choices for its answers files."""
    due = datetime(2024, 3, 1) + timedelta(days=30 * n)
    rows = {"assignment": [(ids("a", n), f"l{n:02d}", due, "bench")],
            "notebook": [(ids("n", n), f"l{n:02d}", ids("a", n))],
            "base_cell": [(ids("c", n, i), f"l{n:02d}-exam-{i + 1}", ids("n", n), "GradeCell") for i in range(items)],
            "grade_cells": [(ids("c", n, i), 1.0, "code") for i in range(items)],
            "submitted_assignment": [], "submitted_notebook": [], "grade": []}
    choices = []
    for s in range(learners):
        if rng.random() < 0.08:
            continue
        sid = ids("s", n, s)
        at = due + timedelta(hours=rng.uniform(-240, 24))
        rows["submitted_assignment"].append((sid, ids("a", n), f"u{s:05d}", at))
        rows["submitted_notebook"].append((sid, sid, ids("n", n), False, 0.0))
        chosen = {}
        for i in range(items):
            right = answered_right(i, items, ability[s], rng)
            rows["grade"].append((ids("g", n, s, i), sid, ids("c", n, i), 1.0 if right else 0.0, False))
            chosen[f"q{n:02d}-{i:02d}"] = "B" if right else rng.choice("ACD" if i else "C")
        choices.append((f"u{s:05d}", f"l{n:02d}", chosen))
    return rows, choices


def answered_right(i: int, items: int, ability: float, rng: random.Random) -> bool:
    if i == 0:  # a broken item: the strong choose C, which the (wrong) key does not accept
        return ability < 0 and rng.random() < 0.6
    difficulty = (i - items / 2) / (items / 3)
    return rng.random() < 1 / (1 + 2.718 ** (difficulty - ability))


class SqliteSink:
    def __init__(self, path: Path):
        self.conn = sqlite3.connect(path)
        self.conn.execute("PRAGMA synchronous = OFF")

    def write(self, table: str, rows: list) -> None:
        cols = COLUMNS[table]
        self.conn.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                              [tuple(str(v) if isinstance(v, datetime) else v for v in r) for r in rows])

    def close(self) -> None:
        self.conn.commit()
        self.conn.close()


class PostgresSink:
    def __init__(self, url: str):
        import psycopg

        self.conn = psycopg.connect(url)

    def write(self, table: str, rows: list) -> None:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN (FORMAT csv)") as copy:
            copy.write(buffer.getvalue())

    def close(self) -> None:
        """Ends with what autovacuum has long done to a gradebook in use (statistics, hint bits, visibility map):
        otherwise the report timed next is charged for the freshly loaded tables' first vacuum."""
        self.conn.commit()
        self.conn.autocommit = True  # VACUUM runs outside a transaction
        self.conn.execute("VACUUM ANALYZE")
        self.conn.close()


def build(root: Path, learners: int, lessons: int, items: int, urls: dict[str, str], files: bool = True) -> None:
    """The course folder, each gradebook's schema from nbgrader, then every row lesson by lesson (`files`: also
    the folder's files and answers files; without, only the gradebooks in `urls` are filled)."""
    from nbgrader.api import Gradebook

    if files:
        root.mkdir(parents=True, exist_ok=True)
        (root / "gradebook.db").unlink(missing_ok=True)  # a folder used before: its rows would collide
        (root / "nbgrader_config.py").write_text(CONFIG.format(root=str(root), db=root / "gradebook.db"))
        (root / "kit").mkdir(exist_ok=True)
        man = manifest(lessons, items)
        (root / "kit" / "manifest.json").write_text(json.dumps(man, ensure_ascii=False))
        (root / "kit" / "roster.json").write_text(json.dumps(roster(learners), ensure_ascii=False))
    sinks = []
    for url in urls.values():
        Gradebook(url, "bench").close()  # nbgrader creates its own schema and course row
        sinks.append(SqliteSink(Path(url.removeprefix("sqlite:///"))) if url.startswith("sqlite") else PostgresSink(url))
    rng = random.Random(7)
    ability = [rng.gauss(0, 1) for _ in range(learners)]
    fill(sinks, "student", [(f"u{i:05d}", f"学员{i:05d}") for i in range(learners)])
    for n in range(lessons):
        rows, choices = lesson_rows(n, learners, items, ability, rng)
        for table in COLUMNS:
            if table in rows:
                fill(sinks, table, rows[table])
        if files:
            write_answers(root, choices)
    for sink in sinks:
        sink.close()
    (root / "built.json").write_text(json.dumps([learners, lessons, items]))


def fill(sinks: list, table: str, rows: list) -> None:
    for sink in sinks:
        sink.write(table, rows)


def write_answers(root: Path, choices: list) -> None:
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


class Run(NamedTuple):
    seconds: float
    peak: int  # bytes: the largest maximum resident set size of the child or one of its worker processes
    anon: int  # bytes: the highest sum, over the child and its workers, of their anonymous memory (Pss_Anon), sampled
    cpu: float  # user + sys seconds of the child and the worker processes it waited for
    server_cpu: float | None  # the database server's user + sys seconds meanwhile (PostgreSQL)
    load: tuple[float, float]  # 1-minute load average: highest seen during the run, and at its end


def timed(cmd: list, cwd: Path, server: int | None = None) -> Run:
    """One child process timed, from its own rusage (stderr to a file: a full pipe nobody reads until the child
    ends would stop the child); the load average is sampled while it runs."""
    with tempfile.TemporaryFile() as err:
        t0, before, loads, anon = time.perf_counter(), server_seconds(server), [os.getloadavg()[0]], 0
        child = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.25)
            loads.append(os.getloadavg()[0])
            anon = max(anon, tree_anon(child.pid))
        elapsed = time.perf_counter() - t0
        if os.waitstatus_to_exitcode(status):
            err.seek(0)
            sys.exit(f"{cmd[0]} failed: {err.read().decode(errors='replace')[-600:]}")
    after = server_seconds(server)
    return Run(elapsed, usage.ru_maxrss * 1024, anon, usage.ru_utime + usage.ru_stime,
               None if before is None or after is None else after - before, (max(loads), os.getloadavg()[0]))


def tree_anon(root: int) -> int:
    """Anonymous memory (bytes) of a process and all its descendants, each page shared after a fork counted once
    (Pss_Anon); a memory-mapped database file's pages are the kernel's page cache and are not in it."""
    parent = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            parent[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    tree, grew = {root}, True
    while grew:
        more = {p for p, pp in parent.items() if pp in tree} - tree
        tree, grew = tree | more, bool(more)
    total = 0
    for pid in tree:
        with contextlib.suppress(OSError, StopIteration, ValueError):
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
            total += int(next(x for x in rollup if x.startswith("Pss_Anon:")).split()[1]) * 1024
    return total


def run_kit(root: Path, name: str, url: str) -> Run:
    server = postmaster(url) if url.startswith("postgresql") else None
    return timed([BIN / "kit", "report", "--course", root, "--out", root / f"reports-{name}", "--db-url", url],
                 root, server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--lessons", type=int, default=12)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--db", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--stock", action=argparse.BooleanOptionalAction, default=None,
                        help=f"also time `nbgrader export` (default: up to {STOCK_UP_TO:,} learners)")
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--reuse", action="store_true", help="keep a course built in --folder with the same sizes")
    args = parser.parse_args()
    dbs = [d.strip() for d in args.db.split(",") if d.strip()]
    stock = args.stock if args.stock is not None else args.learners <= STOCK_UP_TO
    root = (args.folder or Path(tempfile.mkdtemp(prefix="kit-bench-"))) / "course"
    with contextlib.ExitStack() as stack:
        urls = {"sqlite": f"sqlite:///{root / 'gradebook.db'}"} if "sqlite" in dbs else {}
        if "postgresql" in dbs:
            urls["postgresql"] = stack.enter_context(postgres_server())("bench")
        t0 = time.perf_counter()
        sizes = [args.learners, args.lessons, args.items]
        reuse = args.reuse and args.folder and (root / "built.json").exists() and \
            json.loads((root / "built.json").read_text()) == sizes and (root / "gradebook.db").exists()
        fill_urls = {k: v for k, v in urls.items() if not (reuse and k == "sqlite")}
        if fill_urls or not reuse:
            build(root, *sizes, fill_urls, files=not reuse)
        print(f"synthetic course: {args.learners:,} learners × {args.lessons} lessons × {args.items} items "
              f"({', '.join(urls)}{', reused' if reuse else ''}) in {time.perf_counter() - t0:.1f} s → {root}")
        results = {name: run_kit(root, name, url) for name, url in urls.items()}
        nb = timed([BIN / "nbgrader", "export", "--to", root / "grades.csv"], root) if stock and "sqlite" in urls else None
    sys.exit(0 if report_table(args, results, nb) else 1)


def report_table(args, results: dict[str, Run], nb: Run | None) -> bool:
    ok = True
    print(f"\n{'':28}{'seconds':>9}{'CPU s':>8}{'server CPU s':>14}{'peak MiB':>10}{'all procs MiB':>15}"
          f"{'load max/end':>14}")
    for name, run in results.items():
        met = run.seconds < SECONDS and run.peak < MEMORY and run.anon < MEMORY
        ok &= met
        print(f"kit report ({name}):".ljust(28) + row(run) + f"   {'met' if met else 'NOT met'}")
    if nb:
        print("nbgrader export (sqlite):".ljust(28) + row(nb))
        ratio = nb.seconds / results["sqlite"].seconds
        ok &= ratio >= RATIO
        print(f"ratio: kit report is {ratio:.1f}× faster than nbgrader export (target ≥ {RATIO}×)")
    print(f"targets (< {SECONDS} s, < 1 GiB per database{', ≥ 10× stock' if nb else ''}):",
          "met" if ok else "NOT met")
    cpu = {name: run.cpu + (run.server_cpu or 0) for name, run in results.items()}
    print("quiet-machine estimate (CPU incl. server / 2 cores, an estimate, not a measurement):",
          ", ".join(f"{name} {c / 2:.1f} s" for name, c in cpu.items()))
    return ok


def row(run: Run) -> str:
    server = "" if run.server_cpu is None else f"{run.server_cpu:.1f}"
    return (f"{run.seconds:9.2f}{run.cpu:8.1f}{server:>14}{run.peak / 2**20:10.0f}{run.anon / 2**20:15.0f}"
            f"{run.load[0]:8.1f}/{run.load[1]:.1f}")


if __name__ == "__main__":
    main()
