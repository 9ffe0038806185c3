"""Per-learner draws and option orders are deterministic, differ between learners, and cover the pool."""
from __future__ import annotations

import pytest

from kit.core.draw import draw_items, grading_learner, option_order

pytestmark = pytest.mark.unit
POOL = [f"i{n}" for n in range(40)]


def test_draw_is_deterministic_and_per_learner():
    a = draw_items(POOL, 10, "张三", "exam")
    assert a == draw_items(POOL, 10, "张三", "exam")
    assert len(set(a)) == 10 and set(a) <= set(POOL)
    assert a != draw_items(POOL, 10, "李四", "exam")
    assert a != draw_items(POOL, 10, "张三", "exam2")


def test_draw_all_keeps_pool_order():
    assert draw_items(POOL[:5], None, "x", "q") == POOL[:5]
    assert draw_items(POOL[:5], 9, "x", "q") == POOL[:5]


def test_option_order_is_a_permutation():
    order = option_order(list("ABCD"), "张三", "q", "item")
    assert sorted(order) == list("ABCD")
    assert order == option_order(list("ABCD"), "张三", "q", "item")
    assert len({tuple(option_order(list("ABCDEF"), f"u{n}", "q", "i")) for n in range(20)}) > 5


def test_grading_learner_from_nbgrader_folder(tmp_path, monkeypatch):
    folder = tmp_path / "autograded" / "u7" / "lesson"
    assert grading_learner(folder, "fallback") == "fallback"
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert grading_learner(folder, "fallback") == "u7"
