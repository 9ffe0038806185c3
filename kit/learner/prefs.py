"""A learner's display preferences (large text, high contrast), kept in their home folder."""
from __future__ import annotations

import json
import os
from pathlib import Path


def prefs_path() -> Path:
    return Path(os.environ.get("KIT_PREFS", Path.home() / ".dangke-kit" / "prefs.json"))


def load_prefs() -> dict:
    try:
        data = json.loads(prefs_path().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save_pref(key: str, value: bool) -> None:
    path = prefs_path()
    data = {**load_prefs(), key: value}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home must not break the quiz; the preference just does not persist
