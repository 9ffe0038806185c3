"""The answers file: atomic, versioned, restored, and never lost when damaged."""
from __future__ import annotations

import json
import os

import pytest

from kit.core.answers import AnswerSheet, FileStore, answers_path

pytestmark = pytest.mark.unit


def test_round_trip(tmp_path):
    store = FileStore(tmp_path / "l.answers.json")
    sheet = AnswerSheet(notebook="l.ipynb", lesson="l", learner="张三")
    sheet.record("q", "a", "B")
    sheet.record("q", "a", "C")
    store.save(sheet)
    again = FileStore(tmp_path / "l.answers.json").load()
    assert again.response("q", "a") == "C" and again.learner == "张三"
    assert [e["event"] for e in again.events] == ["answered", "changed"]
    assert json.loads((tmp_path / "l.answers.json").read_text(encoding="utf-8"))["schema"] == 1


def test_atomic_write_leaves_no_partial_file(tmp_path, monkeypatch):
    path = tmp_path / "l.answers.json"
    store = FileStore(path)
    sheet = AnswerSheet()
    sheet.record("q", "a", "B")
    store.save(sheet)
    sheet.record("q", "a", "C")
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        store.save(sheet)
    monkeypatch.undo()
    assert FileStore(path).load().response("q", "a") == "B"
    assert [p.name for p in tmp_path.iterdir()] == ["l.answers.json"]


@pytest.mark.parametrize("content", [b"{not json", b'{"schema": 99}', b"[1,2]", b"\xff\xfe\x00"])
def test_corrupt_file_is_moved_aside_not_deleted(tmp_path, content):
    path = tmp_path / "l.answers.json"
    path.write_bytes(content)
    sheet = FileStore(path).load()
    kept = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == content
    assert sheet.recovered_from == kept[0].name and sheet.answers == {}


def test_answers_path_is_beside_the_notebook(tmp_path):
    assert answers_path(tmp_path / "第一课.ipynb") == tmp_path / "第一课.answers.json"
