"""The manifest keeps the lessons in the order of their files (第一课, 第二课 …), not the order of their ids."""
from __future__ import annotations

import json

import pytest

from kit.course.build import build_course
from kit.course.manifest import LessonEntry, Manifest


def entry(title: str) -> LessonEntry:
    return LessonEntry(f"{title}.ipynb", title, 1.0, 30, f".{title}.answers.json", {})


@pytest.mark.unit
def test_lesson_order_survives_a_save_and_load(tmp_path):
    manifest = Manifest("c", {"zhibu": entry("第四课"), "lianjie": entry("第三课"), "fazhan": entry("第五课")}, {})
    manifest.save(tmp_path / "manifest.json")
    assert list(Manifest.load(tmp_path / "manifest.json").lessons) == ["zhibu", "lianjie", "fazhan"]


@pytest.mark.unit
def test_a_manifest_written_before_the_order_was_kept_still_loads(tmp_path):
    data = Manifest("c", {"zhibu": entry("第四课"), "fazhan": entry("第五课")}, {}).to_json()
    del data["lesson_order"]
    (tmp_path / "manifest.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert list(Manifest.load(tmp_path / "manifest.json").lessons) == ["fazhan", "zhibu"]


@pytest.mark.content
def test_a_built_course_lists_lessons_in_file_order(tmp_path):
    build_course(tmp_path / "course", only=["lianjie", "fazhan"])  # files 03-lianjie.md, 05-fazhan.md
    assert list(Manifest.load(tmp_path / "course").lessons) == ["lianjie", "fazhan"]
