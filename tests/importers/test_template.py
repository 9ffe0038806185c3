"""Header aliases and type names: the spellings trainers' spreadsheets use."""
from __future__ import annotations

import pytest

from kit.importers import template

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("header, key", [
    ("题干", "stem"), ("题目", "stem"), ("* 题干（必填）", "stem"), ("正确答案", "answer"), ("答案解析", "explanation"),
    ("试题类型", "type"), ("选项A", "option:A"), ("Ｂ", "option:B"), ("选项（C）", "option:C"), ("D选项", "option:D"),
    ("知识点", "tags"), ("备注", None),
])
def test_header_aliases(header, key):
    assert template.header_key(header) == key


@pytest.mark.parametrize("name, qtype", [
    ("单选题", "single"), ("单项选择题", "single"), ("1", "single"), ("1.0", "single"), ("多选", "multiple"),
    ("3", "judge"), ("判断题", "judge"), ("４", "fill"), ("简答题", "short"), ("5", "short"), ("论文题", None),
])
def test_type_names_and_codes(name, qtype):
    assert template.type_of(name) == qtype


@pytest.mark.parametrize("sheet, qtype", [("一、单选题", "single"), ("多选题（20道）", "multiple"), ("Sheet1", "")])
def test_sheet_names_give_the_type(sheet, qtype):
    assert template.type_of_sheet(sheet) == qtype
