"""Two writers on one answers file (JupyterLab and the code-free page) lose nothing; a killed save leaves no litter."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from kit.core import answers
from kit.core.answers import AnswerSheet, FileStore

pytestmark = pytest.mark.unit

WRITER = textwrap.dedent("""
    import sys
    from kit.core.answers import FileStore
    store = FileStore(sys.argv[1])
    sheet = store.load()
    for n in range(int(sys.argv[3])):
        sheet.record("exam", f"{sys.argv[2]}-{n}", "A")
        store.save(sheet)
""")


def test_two_writers_at_once_keep_every_answered_item(tmp_path):
    path = tmp_path / "课.answers.json"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, "50"]) for name in ("lab", "page")]
    assert [w.wait(timeout=300) for w in writers] == [0, 0]
    saved = json.loads(path.read_text(encoding="utf-8"))["answers"]["exam"]
    assert sorted(saved) == sorted(f"{w}-{n}" for w in ("lab", "page") for n in range(50))


def test_the_later_answer_to_the_same_item_wins_and_events_are_the_union(tmp_path):
    path = tmp_path / "课.answers.json"
    lab, page = FileStore(path), FileStore(path)
    first, second = lab.load(), page.load()
    first.record("exam", "q1", "A")
    lab.save(first)
    time.sleep(0.01)
    second.record("exam", "q1", "B")
    second.record("exam", "q2", "C")
    page.save(second)
    first.record("exam", "q3", "D")
    lab.save(first)  # the lab still holds q1 = A, but the page's later B stands
    saved = FileStore(path).load()
    assert {i: saved.response("exam", i) for i in ("q1", "q2", "q3")} == {"q1": "B", "q2": "C", "q3": "D"}
    assert [e["response"] for e in saved.events if e["event"] in ("answered", "changed")] == ["A", "B", "C", "D"]


def test_a_kill_mid_save_never_corrupts_and_its_leftovers_are_swept(tmp_path, monkeypatch):
    path = tmp_path / "课.answers.json"
    for _ in range(8):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "k", "100000"])
        time.sleep(0.4 + 0.2 * (_ % 3))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        if path.exists():
            json.loads(path.read_text(encoding="utf-8"))  # always a whole file
    monkeypatch.setattr(answers, "STALE_TMP_SECONDS", 0)
    FileStore(path).load()
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_fresh_temporary_file_of_a_live_writer_is_left_alone(tmp_path):
    path = tmp_path / "课.answers.json"
    fresh, old = tmp_path / ".课.answers.json.live.tmp", tmp_path / ".课.answers.json.dead.tmp"
    fresh.write_text("{", encoding="utf-8")
    old.write_text("{", encoding="utf-8")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    assert FileStore(path).sweep() == [old]
    assert fresh.exists() and not old.exists()


def test_a_sheet_merged_with_an_empty_file_is_itself():
    mine = AnswerSheet(lesson="l", learner="u")
    mine.record("exam", "q1", "A")
    assert answers.merged(AnswerSheet(), mine).to_json() == mine.to_json()
