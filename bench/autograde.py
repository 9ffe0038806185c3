"""Benchmark: stock `nbgrader autograde` against the kit's fast autograde on identical course copies.

    .venv/bin/python bench/autograde.py --learners 200 [--scale]

Builds the sample course (tests/fixtures), writes random answers straight into answers files (no kernels),
copies the course, grades one copy with stock nbgrader (its CLI, all learners in one serial run, as a trainer
would) and the other with `kit.grader.autograde.autograde` (fast path, both cores), checks every grade is identical and
prints both times and the ratio. --scale also times the kit alone at 1,000 and 10,000 learners, on SQLite and on a
PostgreSQL server the bench starts itself.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kit.core.answers import AnswerSheet  # noqa: E402
from kit.core.draw import quiz_items  # noqa: E402
from kit.core.types import HAND_GRADED, question_from_dict  # noqa: E402
from kit.course.build import build_course  # noqa: E402
from kit.demo import simulated_response  # noqa: E402
from kit.grader.autograde import autograde  # noqa: E402
from kit.grader.layout import Layout  # noqa: E402
from kit.grader.pipeline import Course  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from postgres import postgres_server, postmaster, server_seconds  # noqa: E402

from tests.grader.gradebook_rows import gradebook_rows  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
LESSON = "sample"


TARGET = 100  # notebooks per second at 10,000 learners


def make_course(root: Path, learners: int, seed: int, db_url: str | None = None) -> Course:
    """A built, released course with `learners` collected submissions holding random answers."""
    build_course(root, lessons=FIXTURES / "lessons", quizzes=FIXTURES / "banks" / "sample.yml")
    if db_url:
        with (root / "nbgrader_config.py").open("a", encoding="utf-8") as fh:
            fh.write(f"c.CourseDirectory.db_url = {db_url!r}\n")
    course = Course(root)
    names = [f"m{i:05d}" for i in range(learners)]
    course.add_learners([{"id": who} for who in names])
    course.generate(LESSON)
    course.release(LESSON)
    manifest = json.loads((root / "kit" / "manifest.json").read_text(encoding="utf-8"))
    rng, layout = random.Random(seed), course.layout()
    for who in names:
        submit(layout, who, manifest, rng)
    return course


def submit(layout: Layout, who: str, manifest: dict, rng: random.Random) -> None:
    folder = layout.folder("submitted", who, LESSON)
    shutil.copytree(layout.folder("release", ".", LESSON), folder)
    package = json.loads(next(folder.glob("*.quiz.json")).read_text(encoding="utf-8"))
    sheet = AnswerSheet(notebook=package["notebook"], lesson=package["lesson"], learner=who)
    for quiz, raw in package["quizzes"].items():
        hand = {d["id"] for d in raw["items"] if d["type"] in HAND_GRADED}
        drawn = quiz_items([d["id"] for d in raw["items"]], hand, raw.get("draw"), who, quiz)
        sheet.draws[quiz] = drawn
        for item in drawn:
            sheet.record(quiz, item, simulated_response(question_from_dict(manifest["items"][item]),
                                                        rng.random() < 0.7, rng))
    (folder / package["answers_file"]).write_text(json.dumps(sheet.to_json(), ensure_ascii=False), encoding="utf-8")
    (folder / "timestamp.txt").write_text("2024-06-01 09:30:00.000000 CST", encoding="utf-8")


def time_stock(course: Course) -> Timing:
    command = [str(Path(sys.executable).parent / "nbgrader"), "autograde", LESSON, "--force", "--log-level=ERROR"]
    return timed(lambda: subprocess.run(command, cwd=course.root, check=True, capture_output=True))[0]


@dataclass(frozen=True)
class Timing:
    """Wall time, CPU time (user + sys, this process and its reaped children) and the 1-minute load average at
    the start and end: the machine is shared, so wall time alone says little."""

    wall: float
    cpu: float
    load: tuple[float, float]

    def __str__(self) -> str:
        return f"wall {self.wall:.1f} s, CPU {self.cpu:.1f} s, load {self.load[0]:.1f}→{self.load[1]:.1f}"


def timed(call):
    load, cpu, start = os.getloadavg()[0], _cpu(), time.perf_counter()
    result = call()
    return Timing(time.perf_counter() - start, _cpu() - cpu, (load, os.getloadavg()[0])), result


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def time_kit(course: Course, jobs: int) -> tuple[Timing, object]:
    return timed(lambda: autograde(course, LESSON, jobs=jobs))


def check_same(stock: Course, kit: Course) -> int:
    a, b = stock.scores(LESSON), kit.scores(LESSON)
    if a != b or stock.totals(LESSON) != kit.totals(LESSON):
        diff = sorted(who for who in set(a) | set(b) if a.get(who) != b.get(who))
        raise SystemExit(f"成绩不一致 / grades differ: {diff[:10]}")
    rows, theirs = gradebook_rows(kit.db_url), gradebook_rows(stock.db_url)
    if rows != theirs:  # every other value nbgrader writes, too: comments, flags, hand-in times, penalties
        raise SystemExit(f"成绩库不一致 / gradebook rows differ: {[k for k in rows if rows[k] != theirs[k]]}")
    return sum(len(cells) for cells in a.values())


def compare(learners: int, jobs: int, work: Path) -> None:
    stock = make_course(work / "stock", learners, seed=learners)
    shutil.copytree(stock.root, work / "kit")
    kit = Course(work / "kit")
    stock_t = time_stock(stock)
    kit_t, report = time_kit(kit, jobs)
    cells = check_same(stock, kit)
    print(f"learners {learners}: stock nbgrader {stock_t} ({learners / stock_t.wall:.2f}/s); "
          f"kit {kit_t} ({learners / kit_t.wall:.1f}/s); ratio {stock_t.wall / kit_t.wall:.1f}x wall, "
          f"{stock_t.cpu / kit_t.cpu:.1f}x CPU; {cells} grade cells and every gradebook row identical; in-process {len(report.in_process)}, "
          f"kernel {len(report.fell_back)}, failed {len(report.failed)}")


def scale(learners: int, jobs: int, work: Path, db: str, db_url: str | None) -> bool:
    # its own parent folder: the course config puts the exchange beside the course
    course = make_course(work / f"scale-{db}-{learners}" / "course", learners, seed=learners, db_url=db_url)
    notebooks = learners * len(course.notebooks(LESSON))
    server = postmaster(db_url) if db_url else None
    before = server_seconds(server) or 0.0
    kit_t, report = time_kit(course, jobs)
    server_cpu = (server_seconds(server) or 0.0) - before  # PostgreSQL's own CPU meanwhile (0 for SQLite)
    rate, cpu = notebooks / kit_t.wall, kit_t.cpu + server_cpu
    met = rate >= TARGET or learners < 10_000
    print(f"{db:10} {learners:>7,} learners  {notebooks:>7,} notebooks  {kit_t}"
          f"{f', server CPU {server_cpu:.1f} s' if server else ''}  {rate:7.1f} notebooks/s"
          f"  ({cpu / notebooks * 1000:.1f} ms CPU per notebook; on {jobs} idle cores ≈ "
          f"{notebooks * jobs / cpu:.0f}/s)  in-process {len(report.in_process)}, failed {len(report.failed)}"
          f"{'' if learners < 10_000 else f'  target ≥ {TARGET}/s ' + ('met' if met else 'NOT met')}")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=60, help="learners in the stock-vs-kit comparison")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for the kit")
    parser.add_argument("--scale", action="store_true", help="also time the kit alone at --sizes learners")
    parser.add_argument("--sizes", default="1000,10000", help="learner counts for --scale")
    parser.add_argument("--db", default="sqlite,postgresql", help="databases for --scale: sqlite, postgresql")
    parser.add_argument("--no-compare", action="store_true", help="skip the stock comparison")
    parser.add_argument("--keep", action="store_true", help="keep the temporary courses")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kit-bench-"))
    ok = True
    try:
        if not args.no_compare:
            compare(args.learners, args.jobs, work)
        if args.scale:
            ok = run_scale(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok else 1)


def run_scale(args, work: Path) -> bool:
    sizes = [int(n) for n in args.sizes.split(",")]
    dbs = [d.strip() for d in args.db.split(",") if d.strip()]
    ok = all([scale(n, args.jobs, work, "sqlite", None) for n in sizes]) if "sqlite" in dbs else True
    if "postgresql" in dbs:
        with postgres_server() as database:
            ok &= all([scale(n, args.jobs, work, "postgresql", database(f"scale{n}")) for n in sizes])
    return ok


if __name__ == "__main__":
    main()
