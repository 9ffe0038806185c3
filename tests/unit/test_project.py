"""Project hygiene: dependencies declared once and agreed, a light core import, a complete catalogue."""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import pytest
import yaml

from kit.core.messages import CATALOGUE

from ..conftest import ROOT

pytestmark = pytest.mark.unit


def test_environment_yml_agrees_with_pyproject():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert sorted(p for p in pip if not p.startswith("-e")) == sorted(deps)
    assert "python=3.11" in env["dependencies"]


def test_importing_the_core_stays_light():
    code = "import sys, kit, kit.core.grading, kit.content.bank; print(sorted(m for m in ('ipywidgets','nbgrader','matplotlib','openpyxl') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_catalogue_has_chinese_and_english_with_the_same_fields():
    for key, entry in CATALOGUE.items():
        assert set(entry) == {"zh", "en"}, key
        assert re.search(r"[\u4e00-\u9fff]", entry["zh"]) or key.startswith(("quiz.correct", "quiz.wrong")), key
        assert set(re.findall(r"{(\w+)", entry["zh"])) == set(re.findall(r"{(\w+)", entry["en"])), key
