"""Aiken: options lettered A. / A) / A、 (full width too), ANSWER lines, optional blank lines."""
from __future__ import annotations

import pytest

from .conftest import IMPORT

pytestmark = pytest.mark.unit


def test_aiken(imported):
    result = imported(IMPORT / "aiken.txt")
    assert [(q.type, q.answer) for q in result.items] == [("single", "A"), ("multiple", frozenset("AB")), ("single", "B")]
    assert result.items[2].options == (("A", "三种"), ("B", "五种"))
    assert [(r.where.line, r.kind) for r in result.rejected] == [(18, "not_option")]


def test_aiken_is_detected_from_a_txt_file(tmp_path, imported):
    path = tmp_path / "bank.txt"
    path.write_text("问题？\nA. 甲\nB. 乙\nANSWER: B\n", encoding="utf-8")
    assert imported(path).items[0].answer == "B"
