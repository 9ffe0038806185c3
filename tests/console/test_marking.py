"""Rubric scores: one box per point, each within its share of the item's marks."""
from __future__ import annotations

import pytest

from kit.console.marking import ShortAnswer, check_points, split_points
from kit.core.errors import KitError

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("total", "n", "shares"), [(10, 2, (5.0, 5.0)), (10, 3, (3.0, 3.0, 4.0)),
                                                    (5, 1, (5.0,)), (7, 4, (1.5, 1.5, 1.5, 2.5))])
def test_split_points_adds_up(total, n, shares):
    assert split_points(total, n) == shares and sum(shares) == total


def answer(rubric: tuple[str, ...]) -> ShortAnswer:
    return ShortAnswer("l1", "a1", "王建国", "第一党支部", "nb", "q-r", "r", "题干", "参考", rubric, 10.0, "体会", None, "")


def test_check_points_sums_and_rejects_out_of_range():
    assert check_points(answer(("联系实际", "观点正确")), [4, 3.5]) == 7.5
    assert answer(()).point_max == (10.0,)  # no rubric: one box for the whole answer
    with pytest.raises(KitError, match="第 2 项"):
        check_points(answer(("联系实际", "观点正确")), [4, 6])
    with pytest.raises(KitError, match="2 项"):
        check_points(answer(("联系实际", "观点正确")), [4])


def test_boxes_show_a_mark_given_elsewhere_spread_over_the_rubric():
    marked = ShortAnswer("l1", "a1", "王建国", "第一党支部", "nb", "q-r", "r", "题干", "参考", ("联系实际", "观点正确"),
                         10.0, "体会", 7.0, "")
    assert marked.shown_points == (3.5, 3.5) and sum(marked.shown_points) == marked.score
    assert answer(("联系实际", "观点正确")).shown_points == (0.0, 0.0)
