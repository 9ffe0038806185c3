"""The trainer's commands in-process: build (incremental, with a roster) and the main job, kit demo."""
from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner

from kit.cli import main
from kit.content.roster import load_roster
from kit.grader.pipeline import Course

from ..conftest import FIXTURES

pytestmark = pytest.mark.nbgrader


def test_build_with_roster_reports_bad_rows_and_fills_the_gradebook(tmp_path):
    roster = tmp_path / "名册.csv"
    roster.write_text("学号,姓名,支部,党委\nu1,张三,第一党支部,红旗镇党委\n,无号,第一党支部,红旗镇党委\n"
                      "u1,重复,第二党支部,红旗镇党委\nu2,李四,第二党支部,红旗镇党委\n", encoding="gb18030")
    out = CliRunner().invoke(main, ["build", str(tmp_path / "c"), "--lessons", str(FIXTURES / "lessons"),
                                    "--quizzes", str(FIXTURES / "banks" / "sample.yml"), "--roster", str(roster)])
    assert out.exit_code == 0, out.output
    assert ":3: " in out.output and "缺少学号" in out.output and ":4: u1" in out.output and "重复" in out.output
    assert [x.id for x in load_roster(tmp_path / "c" / "kit" / "roster.json")] == ["u1", "u2"]
    with Course(tmp_path / "c").gradebook() as gb:
        assert sorted(s.id for s in gb.students) == ["u1", "u2"]


def test_a_changed_item_rebuilds_only_the_lessons_that_use_it(tmp_path):
    lessons = tmp_path / "lessons"
    shutil.copytree(FIXTURES / "lessons", lessons)
    other = (lessons / "sample.md").read_text(encoding="utf-8").replace("id: sample\n", "id: other\n")
    other = re.sub(r"id: sample-", "id: other-", other).replace("items: [t-practice]", "items: [t-practice2]")
    (lessons / "other.md").write_text(other.replace("notebook: 测试课-党章", "notebook: 另一课"), encoding="utf-8")
    bank = tmp_path / "bank.yml"
    text = (FIXTURES / "banks" / "sample.yml").read_text(encoding="utf-8")
    extra = text.split("  - id: t-practice\n")[1].replace("每几年", "每隔几年")
    bank.write_text(text + "  - id: t-practice2\n" + extra, encoding="utf-8")
    args = ["build", str(tmp_path / "c"), "--lessons", str(lessons), "--quizzes", str(bank)]
    assert CliRunner().invoke(main, args).exit_code == 0
    bank.write_text(bank.read_text(encoding="utf-8").replace("每五年举行一次。\n", "每五年举行一次（党章第十九条）。\n", 1),
                    encoding="utf-8")
    out = CliRunner().invoke(main, args)
    changed = {line.strip() for line in out.output.splitlines()[1:]}
    assert any("sample" in c and c.endswith(".quiz.json") for c in changed), out.output
    assert not any("other" in c for c in changed), out.output


def test_kit_demo_prints_per_learner_scores_from_the_gradebook(tmp_path):
    out = CliRunner().invoke(main, ["demo", str(tmp_path / "d"), "--learners", "4", "--lesson", "dangzhang"])
    assert out.exit_code == 0, out.output
    rows = [line.split("\t") for line in out.output.splitlines() if line.startswith("dy")]
    assert len(rows) == 4
    totals = Course(tmp_path / "d" / "course").totals("dangzhang")
    for row in rows:
        if row[3] != "未交":
            assert float(row[3]) == pytest.approx(totals[row[0]])
    assert "成绩库" in out.output


def test_nbgraders_own_commands_work_through_the_venv_path_without_activation(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from kit.course.build import build_course

    course = build_course(tmp_path / "c", lessons=FIXTURES / "lessons", quizzes=FIXTURES / "banks" / "sample.yml").course
    assert not (course / "gradebook.db").exists()  # nbgrader must create it, which runs `alembic`
    nbgrader = Path(sys.executable).parent / "nbgrader"
    env = {**os.environ, "PATH": "/usr/bin:/bin"}  # not activated: the venv's bin is not on PATH
    done = subprocess.run([str(nbgrader), "generate_assignment", "sample"], cwd=course, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (course / "gradebook.db").exists() and list((course / "release" / "sample").glob("*.ipynb"))
