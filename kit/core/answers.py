"""The answers file: one per notebook, written atomically on every change, versioned, never lost."""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

SCHEMA = 1


def now() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


@dataclass
class AnswerSheet:
    """Everything one learner did in one notebook. `answers[quiz][item]` holds the latest response."""

    notebook: str = ""
    lesson: str = ""
    learner: str = ""
    answers: dict[str, dict[str, dict]] = field(default_factory=dict)
    draws: dict[str, list[str]] = field(default_factory=dict)
    started: dict[str, str] = field(default_factory=dict)
    events: list[dict] = field(default_factory=list)
    recovered_from: str | None = None

    def response(self, quiz: str, item: str) -> Any:
        return self.answers.get(quiz, {}).get(item, {}).get("response")

    def record(self, quiz: str, item: str, response: Any, *, correct: bool | None = None) -> None:
        entry = self.answers.setdefault(quiz, {}).setdefault(item, {"attempts": 0})
        event = "changed" if entry.get("response") is not None else "answered"
        entry.update(response=response, at=now(), attempts=entry["attempts"] + (correct is not None))
        if correct is not None:
            entry["correct"] = correct
            entry.setdefault("first_correct", correct)
        self.log(event, quiz=quiz, item=item, response=response)

    def log(self, event: str, **details: Any) -> None:
        self.events.append({"t": now(), "event": event, **details})

    def to_json(self) -> dict:
        return {"schema": SCHEMA, "notebook": self.notebook, "lesson": self.lesson, "learner": self.learner,
                "answers": self.answers, "draws": self.draws, "started": self.started, "events": self.events}

    @classmethod
    def from_json(cls, data: dict) -> "AnswerSheet":
        data = upgrade(data)
        return cls(notebook=data.get("notebook", ""), lesson=data.get("lesson", ""),
                   learner=data.get("learner", ""), answers=data.get("answers", {}),
                   draws=data.get("draws", {}), started=data.get("started", {}), events=data.get("events", []))


class CorruptAnswers(ValueError):
    """The answers file exists but cannot be read as an answers file."""


def upgrade(data: Any) -> dict:
    """Bring an older answers file up to SCHEMA (there is one version so far); reject what is not one."""
    if not isinstance(data, dict) or not isinstance(data.get("answers", {}), dict):
        raise CorruptAnswers("not an answers object")
    version = data.get("schema")
    if version != SCHEMA:
        raise CorruptAnswers(f"unknown schema {version!r}")
    return data


def parse(text: str) -> AnswerSheet:
    try:
        return AnswerSheet.from_json(json.loads(text))
    except json.JSONDecodeError as exc:
        raise CorruptAnswers(f"JSON: {exc.msg} (line {exc.lineno})") from exc


class AnswerStore(Protocol):
    def load(self) -> AnswerSheet: ...
    def save(self, sheet: AnswerSheet) -> None: ...


class MemoryStore:
    """An in-memory store for tests and previews."""

    def __init__(self, sheet: AnswerSheet | None = None):
        self.sheet = sheet or AnswerSheet()
        self.saves = 0

    def load(self) -> AnswerSheet:
        return self.sheet

    def save(self, sheet: AnswerSheet) -> None:
        self.sheet, self.saves = sheet, self.saves + 1


class FileStore:
    """Answers beside the notebook. A corrupt file is moved aside, never deleted, and reported."""

    def __init__(self, path: Path | str):
        self.path = Path(path)

    def load(self) -> AnswerSheet:
        if not self.path.exists():
            return AnswerSheet()
        try:
            return parse(self.path.read_text(encoding="utf-8"))
        except (CorruptAnswers, UnicodeDecodeError):
            aside = self._move_aside()
            sheet = AnswerSheet(recovered_from=aside.name)
            sheet.log("recovered", kept_as=aside.name)
            return sheet

    def save(self, sheet: AnswerSheet) -> None:
        data = json.dumps(sheet.to_json(), ensure_ascii=False, indent=1, sort_keys=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _move_aside(self) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.stem}.corrupt-{stamp}{self.path.suffix}")
        n = 1
        while aside.exists():
            aside, n = self.path.with_name(f"{self.path.stem}.corrupt-{stamp}-{n}{self.path.suffix}"), n + 1
        os.replace(self.path, aside)
        return aside


def answers_path(notebook: Path | str) -> Path:
    """The answers file that belongs to a notebook: `lesson.ipynb` → `lesson.answers.json`."""
    nb = Path(notebook)
    return nb.with_name(f"{nb.stem}.answers.json")


def read_sheet(path: Path) -> AnswerSheet | None:
    """Read a submitted answers file without side effects (grading never moves a learner's file)."""
    try:
        return parse(Path(path).read_text(encoding="utf-8"))
    except (OSError, CorruptAnswers, UnicodeDecodeError):
        return None
