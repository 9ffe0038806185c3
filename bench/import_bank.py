"""Benchmark: `kit import` on a 10,000-row spreadsheet in the common template (target: under 10 s)."""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROWS = 10_000
HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "分值", "难度", "知识点"]


def row(i: int) -> list:
    kind = ("单选题", "多选题", "判断题", "填空题", "简答题")[i % 5]
    stem = f"根据《中国共产党章程》（2022年修改），第 {i} 题的题干写得和真实题目一样长，问的是哪一项？"
    options = ["民主集中制", "集体领导", "个人分工负责", "少数服从多数"] if i % 5 < 2 else [None] * 4
    answer = {0: "A", 1: "A、C", 2: "对", 3: "全国代表大会", 4: "参考答案"}[i % 5]
    if i % 5 == 3:
        stem += "（ ）"
    return [kind, stem, *options, answer, f"党章第 {i % 55 + 1} 条的解析。", 2, i % 5 + 1, "党章"]


def build(path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("题库")
    for r, values in enumerate([HEADER, *(row(i) for i in range(ROWS))]):
        sheet.write_row(r, 0, values)
    book.close()


def main() -> None:
    from kit.cli import main as kit

    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "bank.xlsx", Path(folder) / "quizzes" / "big.yml"
        build(source)
        start = time.perf_counter()
        try:
            kit.main(["import", str(source), "--bank", "big", "--out", str(out)], standalone_mode=False)
        finally:
            elapsed = time.perf_counter() - start
        print(f"kit import: {ROWS} rows in {elapsed:.2f} s ({ROWS / elapsed:,.0f} rows/s); target < 10 s",
              file=sys.stderr)


if __name__ == "__main__":
    main()
