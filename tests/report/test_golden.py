"""Every figure of a 200-learner report equals the snapshot taken from the object-by-object implementation.

The snapshot (tests/fixtures/report-golden.json) was written by the report code that built one Python object
per graded cell, before it was replaced by the streaming aggregation; regenerate it only for a deliberate change
of a figure: `.venv/bin/python -m tests.report.test_golden`.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path

import pytest

from kit.report import ReportOptions, build_report

from ..conftest import FIXTURES
from .golden import build

pytestmark = pytest.mark.nbgrader
SNAPSHOT = FIXTURES / "report-golden.json"
VARIANTS = {
    "all": ReportOptions(progress=False),
    "filtered": ReportOptions(progress=False, since=date(2024, 2, 1), until=date(2024, 12, 31), year=2024,
                              branches=("第一党支部", "机关党支部", "未登记支部"), lessons=("la", "lb"), credits={"la": 4}),
}


def figures(report) -> dict:
    """The report as plain JSON data, without the time it was generated."""
    data = asdict(report)
    data.pop("generated")
    data.update(completion=report.completion, average=report.average,
                percents=[r.percent for r in report.learners], behind=[r.behind for r in report.learners])
    return json.loads(json.dumps(data, ensure_ascii=False, default=lambda v: v.isoformat()))


def snapshot(root: Path) -> dict:
    return {name: figures(build_report(root, options)) for name, options in VARIANTS.items()}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return build(tmp_path_factory.mktemp("golden") / "course")


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_figure_equals_the_snapshot(course, variant):
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))[variant]
    got = figures(build_report(course, VARIANTS[variant]))
    for part in ("learners", "branches", "committees", "items"):
        assert len(got[part]) == len(expected[part]), part
        for row, want in zip(got[part], expected[part]):
            assert row == pytest.approx(want, abs=1e-9) if not isinstance(row, dict) else same(row, want), (part, want)
    assert {k: v for k, v in got.items() if k not in ("learners", "branches", "committees", "items")} == \
        pytest.approx({k: v for k, v in expected.items() if k not in ("learners", "branches", "committees", "items")})


def same(row: dict, want: dict) -> bool:
    return row.keys() == want.keys() and all(
        row[k] == pytest.approx(want[k], abs=1e-9) if isinstance(want[k], float) else row[k] == want[k] for k in want)


if __name__ == "__main__":
    import tempfile

    root = build(Path(tempfile.mkdtemp()) / "course")
    SNAPSHOT.write_text(json.dumps(snapshot(root), ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {SNAPSHOT}")
