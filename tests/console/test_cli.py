"""`kit console`: a thin command; a folder that is not a course gets one Chinese line and a non-zero exit."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from kit.cli import main
from kit.core.messages import t

pytestmark = pytest.mark.unit


def test_console_on_a_folder_that_is_not_a_course(tmp_path):
    result = CliRunner().invoke(main, ["console", str(tmp_path)])
    assert result.exit_code == 1
    assert t("course.not_course", path=tmp_path.resolve()) in result.output


def test_console_help_is_chinese():
    result = CliRunner().invoke(main, ["console", "--help"])
    assert result.exit_code == 0 and "培训管理台" in result.output


def test_console_loads_no_learner_code():
    from ..core.test_layering import _import_all, _loaded_after

    assert "learner" not in _loaded_after(_import_all("kit.console"))["parts"]
