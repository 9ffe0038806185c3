"""Each view says what to click on its own screen: JupyterLab's toolbar, the code-free page, the 错题本."""
from __future__ import annotations

import json

import pytest

from kit.core.messages import t
from kit.course.build import build_course

from ..conftest import FIXTURES

pytestmark = pytest.mark.unit


def test_a_built_lesson_has_one_howto_cell_after_its_title_with_both_views_texts(tmp_path):
    course = build_course(tmp_path / "c", lessons=FIXTURES / "lessons", quizzes=FIXTURES / "banks" / "sample.yml").course
    notebook = json.loads(next((course / "source" / "sample").glob("*.ipynb")).read_text(encoding="utf-8"))
    howtos = [i for i, c in enumerate(notebook["cells"]) if "kit-howto" in c["metadata"].get("tags", [])]
    assert howtos == [1] and "".join(notebook["cells"][0]["source"]).startswith("# ")
    cell = notebook["cells"][1]
    assert "".join(cell["source"]) == t("howto.lab") and "运行所有单元格" in t("howto.lab")
    assert cell["metadata"]["dangke_kit"]["howto"]["page"] == t("howto.page")
    assert "⏩" not in t("howto.page") and "运行" not in t("howto.page")


def test_the_review_book_says_how_to_start_its_practice():
    from kit.report.review import ReviewEntry, ReviewState, review_notebook

    state = ReviewState("u1", (ReviewEntry("t-age", "wrong", "2026-12-01"),))
    first = review_notebook(state, "张三").cells[0].source
    assert t("howto.review") in first
