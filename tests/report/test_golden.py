"""Every figure of a 200-learner report equals the snapshot taken from the object-by-object implementation.

The snapshot (tests/fixtures/report-golden.json) was written by the report code that built one Python object
per graded cell, before it was replaced by the streaming aggregation; regenerate it only for a deliberate change
of a figure: `.venv/bin/python -m tests.report.test_golden`.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest

from kit.report import ReportOptions, build_report

from ..conftest import FIXTURES
from .golden import build

pytestmark = pytest.mark.nbgrader
SNAPSHOT = FIXTURES / "report-golden.json"
VARIANTS = {  # the lessons are scanned on two processes unless jobs=1
    "all": ReportOptions(progress=False),
    "one process": ReportOptions(progress=False, jobs=1),
    "filtered": ReportOptions(progress=False, since=date(2024, 2, 1), until=date(2024, 12, 31), year=2024,
                              branches=("第一党支部", "机关党支部", "未登记支部"), lessons=("la", "lb"), credits={"la": 4}),
}


def figures(report) -> dict:
    """The report as plain JSON data, without the time it was generated and the options it was asked with."""
    data = asdict(report)
    data.pop("generated")
    data.pop("options")
    data.update(completion=report.completion, average=report.average,
                percents=[r.percent for r in report.learners], behind=[r.behind for r in report.learners])
    return json.loads(json.dumps(data, ensure_ascii=False, default=lambda v: v.isoformat()))


def snapshot(root: Path) -> dict:
    return {name: figures(build_report(root, VARIANTS[name])) for name in ("all", "filtered")}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return build(tmp_path_factory.mktemp("golden") / "course")


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_figure_equals_the_snapshot(course, variant):
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))["all" if variant == "one process" else variant]
    got = figures(build_report(course, VARIANTS[variant]))
    assert len(got["learners"]) > 50 and len(got["items"]) > 20
    assert differences(got, expected) == []


def differences(got, want, path: str = "") -> list[str]:
    """Where two JSON trees differ; floats agree to 1e-9 (sums may be added up in another order)."""
    if isinstance(want, dict) and isinstance(got, dict) and got.keys() == want.keys():
        return [d for k in want for d in differences(got[k], want[k], f"{path}.{k}")]
    if isinstance(want, list) and isinstance(got, list) and len(got) == len(want):
        return [d for i, (g, w) in enumerate(zip(got, want)) for d in differences(g, w, f"{path}[{i}]")]
    if isinstance(want, float) and isinstance(got, (int, float)) and not isinstance(got, bool):
        return [] if got == pytest.approx(want, abs=1e-9) else [f"{path}: {got!r} != {want!r}"]
    return [] if got == want and type(got) is type(want) else [f"{path}: {got!r} != {want!r}"]


if __name__ == "__main__":
    import tempfile

    root = build(Path(tempfile.mkdtemp()) / "course")
    SNAPSHOT.write_text(json.dumps(snapshot(root), ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {SNAPSHOT}")
