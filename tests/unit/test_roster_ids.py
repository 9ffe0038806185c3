"""Roster ids become folder names and accounts: ids with path characters are refused at import, with the row."""
from __future__ import annotations

import pytest

from kit.content.roster import read_roster

pytestmark = pytest.mark.unit

BAD = ["../evil", "a/b", "a\\b", ".hidden", "-rf", "a+b", "x" * 300, "张" * 30, "tab\there", "nul\x00"]
GOOD = ["dy001", "张三", "李 四", "u.1", "wang-er", "user_01"]


def roster(tmp_path, ids):
    path = tmp_path / "名册.csv"
    lines = ["学号,姓名,支部"] + [f'"{x}",某人,第一党支部' for x in ids]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_ids_with_path_characters_are_refused_naming_the_row(tmp_path):
    learners, problems = read_roster(roster(tmp_path, BAD + GOOD))
    assert [x.id for x in learners] == GOOD
    assert [p.line for p in problems] == list(range(2, 2 + len(BAD)))
    assert all("学号" in p.message for p in problems)


def test_a_very_long_id_gets_a_sentence_not_an_os_error(tmp_path):
    _, problems = read_roster(roster(tmp_path, ["x" * 300]))
    assert "太长" in problems[0].message
