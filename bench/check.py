"""Benchmark: `kit check` on a 12,000-item bank (target: under 10 s), and near-duplicate search against the
old pairwise difflib scan on a smaller bank in the same run (printed as a ratio)."""
from __future__ import annotations

import difflib
import random
import sys
import tempfile
import time
from pathlib import Path

ITEMS = 12_000
PAIRWISE_ITEMS = 1_000  # the old scan grows quadratically: 12,000 items took 28 minutes
SUBJECTS = ["党员", "预备党员", "党的基层组织", "党支部", "党小组", "纪律检查委员会", "党委（党组）", "党的地方委员会",
            "党员领导干部", "入党积极分子", "发展对象", "党的中央委员会"]
ACTS = ["应当履行的义务", "可以行使的权利", "每届任期", "召开会议的周期", "接受监督的方式", "违反纪律的处分种类",
        "开展组织生活的要求", "发展党员的程序", "民主评议的内容", "请示报告的事项", "廉洁自律的规范", "谈心谈话的频次"]
DOCS = ["《中国共产党章程》", "《中国共产党纪律处分条例》", "《中国共产党支部工作条例（试行）》", "《中国共产党党员权利保障条例》"]


def stem(rng: random.Random, i: int) -> str:
    return (f"根据{rng.choice(DOCS)}，{rng.choice(SUBJECTS)}关于{rng.choice(ACTS)}，下列说法中"
            f"{rng.choice(['正确', '错误', '最准确', '不符合规定'])}的是第{i}项：{rng.randrange(10**6)}号情形？")


def bank_text(count: int, seed: int = 1) -> tuple[str, list[str]]:
    rng = random.Random(seed)
    stems = [stem(rng, i) for i in range(count)]
    for i in range(0, count, 50):  # every 50th item is a re-typed copy of another one
        stems[i] = stems[rng.randrange(count)].replace("下列", "以下")
    rows = [f'  - {{id: b-{i}, type: single, stem: "{s}", options: {{A: 甲, B: 乙, C: 丙}}, answer: A,'
            f' explanation: 见条例。}}' for i, s in enumerate(stems)]
    return "schema: 1\nbank: big\ntitle: 大题库\nitems:\n" + "\n".join(rows) + "\n", stems


def pairwise(stems: list[str]) -> int:
    """The old `near_duplicates`: every pair through difflib."""
    found = 0
    for i, a in enumerate(stems):
        for b in stems[i + 1:]:
            m = difflib.SequenceMatcher(None, a, b, autojunk=False)
            found += m.real_quick_ratio() >= 0.9 and m.quick_ratio() >= 0.9 and m.ratio() >= 0.9
    return found


def main() -> None:
    from kit.content.check import check_paths
    from kit.content.near_duplicates import near_duplicate_groups
    from kit.core.model import Question

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.yml"
        path.write_text(bank_text(ITEMS)[0], encoding="utf-8")
        start, cpu = time.perf_counter(), time.process_time()
        report = check_paths([path])
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert len(report.questions) == ITEMS and not report.errors, report.summary()
    print(f"kit check: {ITEMS} items in {elapsed:.2f} s ({cpu:.2f} s CPU; the two differ on a shared machine), "
          f"{len(report.warnings)} warning lines; target < 10 s", file=sys.stderr)

    stems = bank_text(PAIRWISE_ITEMS, seed=2)[1]
    questions = [Question(id=f"q{i}", type="short", stem=s) for i, s in enumerate(stems)]
    start = time.perf_counter()
    groups = near_duplicate_groups(questions)
    grouped = time.perf_counter() - start
    start = time.perf_counter()
    pairs = pairwise(stems)
    old = time.perf_counter() - start
    print(f"near duplicates in {PAIRWISE_ITEMS} items: MinHash/LSH {grouped:.2f} s ({len(groups)} groups), "
          f"pairwise difflib {old:.2f} s ({pairs} pairs): {old / grouped:.0f}x faster", file=sys.stderr)


if __name__ == "__main__":
    main()
