"""`kit report` on a real graded course: numbers checked against the gradebook, all three outputs."""
from __future__ import annotations

import json
from datetime import date
from statistics import mean

import pytest
from click.testing import CliRunner

from kit.cli import main
from kit.core.answers import read_sheet
from kit.grader.pipeline import Course
from kit.report import ReportOptions, build_report

pytestmark = pytest.mark.nbgrader


@pytest.fixture(scope="module")
def report(demo):
    return build_report(demo.course, ReportOptions(progress=False))


def test_demo_ends_with_the_three_kinds_of_report(demo):
    suffixes = sorted({p.suffix for p in demo.reports})
    assert suffixes == [".csv", ".html", ".xlsx"]
    assert all(p.stat().st_size > 0 for p in demo.reports)


def test_a_learners_total_matches_the_gradebook(report, gradebook_truth):
    for row in report.learners:
        assert row.total == pytest.approx(gradebook_truth.get(row.learner.id, [0.0])[0])


def test_a_branch_average_matches_the_gradebook(report, demo, gradebook_truth):
    for branch in report.branches:
        members = [x.id for x in demo.learners if x.branch == branch.name and x.id in gradebook_truth]
        expected = mean(100 * gradebook_truth[m][0] / gradebook_truth[m][1] for m in members)
        assert branch.average == pytest.approx(expected, abs=0.051)


def item_facility(course_root, item: str) -> tuple[float, int]:
    """Share of the points on `item`, from the gradebook's slot cells and each learner's drawn items."""
    course = Course(course_root)
    shares = []
    with course.gradebook() as gb:
        for sub in gb.find_assignment("sample").submissions:
            sheet = read_sheet(course.root / "submitted" / sub.student_id / "sample" / "测试课-党章.answers.json")
            drawn = sheet.draws["sample-exam"]
            if item in drawn:
                grade = gb.find_grade(f"sample-exam-{drawn.index(item) + 1}", "测试课-党章", "sample", sub.student_id)
                shares.append(grade.score / grade.max_score)
    return sum(shares) / len(shares), len(shares)


@pytest.mark.parametrize("item", ["t-age", "t-discipline"])
def test_an_items_facility_matches_the_gradebook(report, demo, item):
    stats = next(s for s in report.items if s.item == item)
    facility, n = item_facility(demo.course, item)
    assert (stats.facility, stats.n) == (pytest.approx(facility, abs=0.001), n)


def test_distractor_counts_add_up_for_a_single_choice_item(report):
    stats = next(s for s in report.items if s.item == "t-age")
    assert [o for o, _ in stats.choices] == ["A", "B", "C", "D"]
    assert sum(n for _, n in stats.choices) == stats.n


def test_hours_follow_the_lesson_credit_and_leader_minimum(demo):
    report = build_report(demo.course, ReportOptions(progress=False, credits={"sample": 5}))
    for row in report.learners:
        assert row.hours == (5 if row.done else 0)
        assert row.minimum == (56 if row.learner.is_leader else 32)


@pytest.mark.parametrize(("options", "learners", "submissions"), [
    (ReportOptions(progress=False, branches=("第一党支部",)), 2, None),
    (ReportOptions(progress=False, since=date(2999, 1, 1)), 8, 0),
    (ReportOptions(progress=False, lessons=("nope",)), 8, 0),
])
def test_filters_select_learners_and_submissions(demo, options, learners, submissions):
    report = build_report(demo.course, options)
    assert len(report.learners) == learners
    if submissions is not None:
        assert sum(r.done for r in report.learners) == submissions


def test_kit_report_and_kit_review_from_the_command_line(demo, tmp_path):
    runner = CliRunner()
    out = runner.invoke(main, ["report", "--course", str(demo.course), "--out", str(tmp_path / "r"),
                               "--branch", "机关党支部", "--credit", "sample=4"])
    assert out.exit_code == 0, out.output
    assert len(list((tmp_path / "r").iterdir())) == 6
    bad = runner.invoke(main, ["report", "--course", str(demo.course), "--since", "2024-13-01"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
    learner = demo.learners[0].id
    out = runner.invoke(main, ["review", learner, "--course", str(demo.course), "--out", str(tmp_path / "b")])
    assert out.exit_code == 0 and "错题本" in out.output
    assert json.loads((tmp_path / "b" / "review-state.json").read_text())["schema"] == 1

