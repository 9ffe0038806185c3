"""What a learner's environment installs is the kit's wheel: code and templates, never a bank or a lesson key."""
from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from kit.content.bank import bank_files, load_banks

from ..conftest import ROOT

pytestmark = pytest.mark.unit


def test_the_wheel_holds_no_bank_lesson_or_exam_key(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
                   check=True, timeout=600)
    wheel = zipfile.ZipFile(next(tmp_path.glob("dangke_kit-*.whl")))
    names = wheel.namelist()
    assert any(n.startswith("kit/core/grading.py") for n in names)
    assert not [n for n in names if n.startswith(("quizzes/", "lessons/")) or "/facts/" in n]
    text = "\n".join(wheel.read(n).decode("utf-8", "replace") for n in names if not n.endswith((".png", ".ico")))
    exam = [q for q in load_banks(bank_files(ROOT / "quizzes")).values() if q.use == "exam"]
    assert len(exam) > 100
    assert not [q.id for q in exam if q.id in text or q.stem in text]
