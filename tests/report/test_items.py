"""Item analysis on hand-made answers: facility, discrimination and the flags a trainer acts on."""
from __future__ import annotations

import pytest

from kit.report.items import analyse, choice_row, correlation

pytestmark = pytest.mark.unit
CATALOGUE = {
    "good": {"id": "good", "type": "single", "stem": "甲", "options": [["A", "x"], ["B", "y"], ["C", "z"]], "answer": "B"},
    "keyed-wrong": {"id": "keyed-wrong", "type": "single", "stem": "乙", "options": [["A", "x"], ["B", "y"], ["C", "z"]], "answer": "B"},
    "easy": {"id": "easy", "type": "judge", "stem": "丙", "answer": True},
}


def stats_for(n: int = 20) -> dict:
    """Learner i has ability i; 'keyed-wrong' is answered C by the strong, so its key B looks wrong."""
    answers = {item: ([], [], []) for item in CATALOGUE}
    for i in range(n):
        strong = i >= n / 2
        good = (1.0, "B") if strong else (0.0, "A")
        bad = (0.0, "C") if strong else (1.0, "B")
        for item, (score, choice) in (("good", good), ("keyed-wrong", bad), ("easy", (1.0, True))):
            scores, rest, choices = answers[item]
            scores.append(score)
            rest.append(i + 3.0 - score)
            choices.append(choice_row(CATALOGUE[item], choice))
    return {item: analyse(CATALOGUE[item], "l1", *columns) for item, columns in answers.items()}


@pytest.fixture
def stats():
    return stats_for()


def test_facility_is_the_share_correct(stats):
    assert (stats["good"].facility, stats["keyed-wrong"].facility, stats["easy"].facility) == (0.5, 0.5, 1.0)


def test_discrimination_is_positive_for_a_good_item_and_negative_for_a_wrong_key(stats):
    assert stats["good"].point_biserial > 0.5 and stats["good"].discrimination == 1.0
    assert stats["keyed-wrong"].point_biserial < 0 and stats["keyed-wrong"].discrimination == -1.0


@pytest.mark.parametrize(("item", "flags"), [("good", ()), ("keyed-wrong", ("wrong_key",)), ("easy", ("too_easy",))])
def test_flags(stats, item, flags):
    assert stats[item].flags == flags


def test_distractor_counts_name_every_option(stats):
    assert stats["keyed-wrong"].choices == (("A", 0), ("B", 10), ("C", 10))
    assert stats["easy"].choices == (("正确", 20), ("错误", 0))


def test_a_response_counts_each_option_it_names():
    assert choice_row(CATALOGUE["good"], ("a", " C ")) == [1, 0, 1]
    assert choice_row(CATALOGUE["good"], None) == [0, 0, 0]


def test_no_flags_on_too_few_answers():
    assert all(not s.flags for s in stats_for(4).values())


def test_correlation_of_a_constant_is_undefined():
    assert correlation([1, 1, 1], [1, 2, 3]) is None
