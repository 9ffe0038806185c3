"""Roster files as trainers bring them, and broken ones: a learner list or a clear KitError, never a traceback."""
from __future__ import annotations

import pytest

from kit.content.roster import read_roster
from kit.core.errors import KitError

pytestmark = pytest.mark.unit


def test_a_roster_without_a_name_column_still_reads(tmp_path):
    path = tmp_path / "名册.csv"
    path.write_text("学号,支部\ndy001,第一党支部\n", encoding="utf-8")
    learners, problems = read_roster(path)
    assert [(x.id, x.name, x.branch) for x in learners] == [("dy001", "", "第一党支部")] and not problems


def test_a_field_over_the_csv_limit_names_the_file_and_line(tmp_path):
    path = tmp_path / "名册.csv"
    path.write_text("学号,姓名,支部\ndy001,张三,第一党支部\n" + '"' + "长" * 140_000 + '",李四,第一党支部\n', encoding="utf-8")
    with pytest.raises(KitError, match="名册.csv：第 3 行无法读取"):
        read_roster(path)


def test_a_damaged_xlsx_roster_is_a_kit_error(tmp_path):
    path = tmp_path / "名册.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(KitError, match="不是有效的 XLSX 文件"):
        read_roster(path)
