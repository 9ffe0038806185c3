"""nbgrader's folders come from its own format_path: a course with another directory_structure is read right."""
from __future__ import annotations

import pytest
from traitlets.config import Config

from kit.grader.layout import Layout

pytestmark = pytest.mark.unit


def test_default_structure(tmp_path):
    layout = Layout(tmp_path, Config())
    assert layout.folder("submitted", "张三", "dangzhang") == tmp_path / "submitted" / "张三" / "dangzhang"


def test_a_changed_directory_structure_and_folder_name_are_followed(tmp_path):
    config = Config()
    config.CourseDirectory.directory_structure = "{nbgrader_step}/{assignment_id}/{student_id}"
    config.CourseDirectory.submitted_directory = "交来的"
    layout = Layout(tmp_path, config)
    assert layout.folder("submitted", "张三", "dangzhang") == tmp_path / "交来的" / "dangzhang" / "张三"
    for who in ("张三", "li4"):
        layout.folder("submitted", who, "dangzhang").mkdir(parents=True)
    (tmp_path / "交来的" / "other-lesson" / "王五").mkdir(parents=True)
    assert layout.learners("submitted", "dangzhang") == ["li4", "张三"]
