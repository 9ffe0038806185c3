"""Benchmark: answer-sheet reading speed (sheets per second) and accuracy on a synthetic set.

    .venv/bin/python bench/scan.py [--learners 30] [--dpi 200]

Builds the first real lesson, prints every learner's answer sheet, fills the bubbles with known answers,
damages each page like a copier (rotation up to 3°, noise, JPEG), writes the files, then times what `kit scan`
does per page (decode, find markers, straighten, QR, bubbles) in one process. Reports sheets per second against
the 5 sheets/s target, the share of clear marks read exactly (target 100%), and the share of deliberately
unclear marks (faint, double) that went to review instead of being guessed (target 100%).
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kit.content.roster import save_roster  # noqa: E402
from kit.course.build import build_course  # noqa: E402
from kit.demo import make_roster  # noqa: E402
from kit.grader.pipeline import Course  # noqa: E402
from kit.paper.items import keyed  # noqa: E402
from kit.paper.pages import pages  # noqa: E402
from kit.paper.printing import print_lesson  # noqa: E402
from kit.paper.scan import Papers, read_image  # noqa: E402
from tests.paper.synth import FAINT, INK, fill_bubble, known_response, mark_slot, scanned, sheet_rasters  # noqa: E402

LESSON = "dangzhang"
TARGET = 5.0


def make_scans(folder: Path, learners: int, dpi: int, seed: int) -> tuple[Papers, dict, dict]:
    course_root = folder / "course"
    build_course(course_root, only=[LESSON])
    course = Course(course_root)
    save_roster(make_roster(learners, random.Random(seed)), course.root / "kit" / "roster.json")
    printed = print_lesson(course, LESSON, folder / "printed", one_file=True)
    papers, rng, known, unclear = Papers(course, LESSON), random.Random(seed), {}, {}
    for k, raster in enumerate(sheet_rasters(printed.papers[0], dpi)):
        layout = papers.layout(raster.learner)
        keys = keyed(course.root, layout.paper)
        answers = {i.n: known_response(i, keys[i.question.id], rng) for i in layout.paper.items}
        image = raster.image.copy()
        odd = _odd_one(k, layout, answers)
        for slot in layout.on_page(raster.page):
            level = FAINT if odd == (slot.item.n, "faint") else INK
            mark_slot(image, slot, answers[slot.item.n], dpi, level)
            if odd == (slot.item.n, "double"):
                fill_bubble(image, next(b for b in slot.bubbles if b.value != answers[slot.item.n]), dpi)
        known[raster.learner], unclear[raster.learner] = answers, odd
        (folder / "scans").mkdir(exist_ok=True)
        (folder / "scans" / f"{k:04d}.jpg").write_bytes(scanned(image, rng))
    return papers, known, unclear


def _odd_one(k: int, layout, answers: dict):
    """Every fifth learner marks one single-choice item unclearly: faint, or twice."""
    singles = [s.item.n for s in layout.slots if s.item.type == "single" and answers[s.item.n] is not None]
    if k % 5 or not singles:
        return None
    return singles[0], ("faint" if k % 10 else "double")


def read_all(folder: Path, papers: Papers) -> tuple[float, dict]:
    files = sorted((folder / "scans").glob("*.jpg"))
    started, cpu = time.perf_counter(), time.process_time()
    read = {}
    for path in files:
        for page in pages(path):
            sheet_id, readings = read_image(page.image, page.where, papers)
            read[sheet_id.learner] = readings
    return time.perf_counter() - started, time.process_time() - cpu, read


def score(known: dict, unclear: dict, read: dict) -> tuple[int, int, int, int]:
    right = clear = routed = odd = 0
    for learner, readings in read.items():
        for r in readings:
            n = r.slot.item.n
            if unclear[learner] and unclear[learner][0] == n:
                odd += 1
                routed += not r.clear
            elif r.slot.bubbles:
                clear += 1
                right += r.clear and r.response == known[learner][n]
    return right, clear, routed, odd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        papers, known, unclear = make_scans(Path(tmp), args.learners, args.dpi, args.seed)
        for learner in known:  # layouts are computed once per learner on first sight; warm them like a batch would
            papers.layout(learner)
        seconds, cpu, read = read_all(Path(tmp), papers)
    right, clear, routed, odd = score(known, unclear, read)
    rate = len(read) / seconds
    print(f"sheets: {len(read)}/{len(known)} identified at {args.dpi} dpi in {seconds:.2f} s")
    print(f"speed: {rate:.1f} sheets/s (target {TARGET:g}/s, ratio {rate / TARGET:.2f}x); "
          f"{cpu / len(read) * 1000:.0f} ms CPU per sheet (OpenCV may use both cores)")
    print(f"clear marks read exactly: {right}/{clear} ({100 * right / max(clear, 1):.1f}%, target 100%)")
    print(f"unclear marks sent to review: {routed}/{odd} ({100 * routed / max(odd, 1):.1f}%, target 100%)")


if __name__ == "__main__":
    main()
