"""The arrows of docs/architecture.md: core imports no other part; the trainer side never loads widget code."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ..conftest import FIXTURES

pytestmark = pytest.mark.unit
TRAINER_SIDE = ["kit.core", "kit.content", "kit.course", "kit.grader", "kit.report", "kit.importers"]
PARTS = ["core", "content", "course", "learner", "grader", "report", "importers"]


def _loaded_after(code: str) -> dict:
    probe = (f"import sys, json\n{code}\n"
             "parts = sorted({m.split('.')[1] for m in sys.modules if m.startswith('kit.') and m.count('.') >= 1})\n"
             "print(json.dumps({'widgets': 'ipywidgets' in sys.modules, 'parts': parts}))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _import_all(package: str) -> str:
    return (f"import importlib, pkgutil, {package} as p\n"
            f"[importlib.import_module(m.name) for m in pkgutil.walk_packages(p.__path__, '{package}.')]")


@pytest.mark.parametrize("package", TRAINER_SIDE)
def test_trainer_side_packages_never_load_widget_code(package):
    loaded = _loaded_after(_import_all(package))
    assert not loaded["widgets"], package
    assert "learner" not in loaded["parts"], package


def test_core_imports_no_other_part_and_learner_only_core():
    assert set(_loaded_after(_import_all("kit.core"))["parts"]) <= {"core"}
    assert set(_loaded_after(_import_all("kit.learner"))["parts"]) <= {"core", "learner"}


def test_build_and_report_commands_run_without_widgets(tmp_path):
    code = (f"from kit.cli import main\n"
            f"main(['build', {str(tmp_path / 'c')!r}, '--lessons', {str(FIXTURES / 'lessons')!r}, "
            f"'--quizzes', {str(FIXTURES / 'banks' / 'sample.yml')!r}], standalone_mode=False)\n")
    assert not _loaded_after(code)["widgets"]
