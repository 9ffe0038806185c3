"""JSON banks: the common question/options/answer/explanation shapes and options packed into the stem."""
from __future__ import annotations

import pytest

from kit.importers.records import UnreadableFile

from .conftest import IMPORT, by_stem

pytestmark = pytest.mark.unit


def test_common_shapes(imported):
    result = imported(IMPORT / "common.json")
    items = by_stem(result)
    assert items["党章规定，党的组织制度是什么？"].options[0] == ("A", "民主集中制")  # 'A. ' label stripped
    assert items["下列属于党内监督方式的有？"].explanation == "巡视和谈话函询都是监督方式。"
    assert items["党员有权对党的决议提出不同意见。"].answer is True
    assert items["党员的预备期为多长？"].answer == "B"  # answer written as the option's text
    assert [str(r) for r in result.rejected] == [f"{IMPORT / 'common.json'}:questions:6: 题干为空"]


def test_options_packed_into_the_stem(imported):
    items = by_stem(imported(IMPORT / "packed.json"))
    assert items["党员年满多少岁可以申请入党？"].options == (("A", "十六岁"), ("B", "十八岁"), ("C", "二十岁"))
    assert items["下列属于党的纪律的有？"].answer == frozenset("AB")
    assert items["党员有退党的自由。"].type == "judge"


@pytest.mark.parametrize("text, reason", [("{\"items\": [", "第 1 行"), ("{\"a\": 1}", "结构")])
def test_bad_json_is_unreadable(tmp_path, imported, text, reason):
    path = tmp_path / "bank.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UnreadableFile, match=reason):
        imported(path)
