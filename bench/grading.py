"""Responses graded per second for each question type (a reference point; no assertions).

    python bench/grading.py [--n 20000]
"""
from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from kit.content.bank import bank_files, load_banks
from kit.core.grading import grade

ROOT = Path(__file__).resolve().parent.parent


def responses(q, rng: random.Random):
    if q.type == "single":
        return rng.choice(q.option_ids)
    if q.type == "multiple":
        return rng.sample(q.option_ids, rng.randint(1, len(q.option_ids)))
    if q.type == "judge":
        return rng.random() < 0.5
    if q.type == "fill":
        return [rng.choice([a[0], "不知道", a[-1] + "。"]) for a in q.answer]
    return "体会"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20000, help="responses per type")
    args = parser.parse_args()
    rng = random.Random(1)
    by_type: dict[str, list] = {}
    for q in load_banks(bank_files(ROOT / "quizzes")).values():
        by_type.setdefault(q.type, []).append(q)
    print(f"{'题型 type':<12}{'份/秒 responses/s':>20}")
    for qtype, items in sorted(by_type.items()):
        work = [(q, responses(q, rng)) for q in (rng.choice(items) for _ in range(args.n))]
        start = time.perf_counter()
        for q, r in work:
            grade(q, r)
        rate = args.n / (time.perf_counter() - start)
        print(f"{qtype:<12}{rate:>20,.0f}")


if __name__ == "__main__":
    main()
