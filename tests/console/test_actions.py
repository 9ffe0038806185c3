"""What an action's result line says on the console page."""
from __future__ import annotations

from pathlib import Path

import pytest

from kit.console.actions import ActionResult


@pytest.mark.unit
def test_the_report_action_counts_the_files_it_wrote():
    result = ActionResult("report", files=[Path("报表.html"), Path("学习台账.xlsx"), Path("学员.csv")])
    assert "3 个文件" in result.summary() and "完成 0 项" not in result.summary()


@pytest.mark.unit
def test_a_learner_action_counts_done_skipped_and_failed():
    result = ActionResult("grade", done=["a", "b"], skipped={"c": "已评分"}, failed={"d": "作答文件损坏"})
    assert result.summary() == "自动评分：完成 2 项，无需处理 1 项，失败 1 项"
