"""An output written on a forked process: its result and its exception come back to the caller."""
from __future__ import annotations

import os

import pytest

from kit.report.beside import beside

pytestmark = pytest.mark.unit


def test_the_task_runs_on_another_process_and_its_result_comes_back():
    assert beside(os.getpid)() != os.getpid()
    assert beside(os.getpid, parallel=False)() == os.getpid()


def test_what_the_task_raised_is_raised_by_the_caller():
    def fail():
        raise PermissionError("台账.xlsx")

    with pytest.raises(PermissionError, match="台账"):
        beside(fail)()


def test_a_child_that_dies_without_a_word_is_an_error():
    with pytest.raises(RuntimeError, match="exit code 3"):
        beside(lambda: os._exit(3))()
