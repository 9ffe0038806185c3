"""Shared fixtures: the sample bank, a clean interface language, an isolated preferences file."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.setenv("KIT_LANG", "zh")
    monkeypatch.setenv("KIT_PREFS", str(tmp_path / "prefs.json"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter-data"))  # nbgrader's submission cache
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


@pytest.fixture(scope="session")
def sample_bank():
    from kit.content.bank import load_bank

    return load_bank(FIXTURES / "banks" / "sample.yml")


@pytest.fixture(scope="session")
def questions(sample_bank):
    return {q.id: q for q in sample_bank.items}
