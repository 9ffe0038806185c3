"""The answers file: one per notebook, written atomically on every change, versioned, never lost."""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from .errors import KitError
from .messages import t

SCHEMA = 1
MAX_BYTES = 8_000_000  # a real answers file is a few kilobytes; anything near this is not one
MAX_DEPTH = 4  # deepest response: a list of blanks, each a list of texts
STALE_TMP_SECONDS = 300  # a save takes milliseconds: a temporary file this old was left by a killed kernel


def now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="milliseconds")


def _instant(stamp: object) -> float:
    try:
        return datetime.fromisoformat(str(stamp)).timestamp()
    except ValueError:
        return float("-inf")


def merged(disk: AnswerSheet, mine: AnswerSheet) -> AnswerSheet:
    """Two writers on one file (JupyterLab and the code-free page): every answered item survives, and where both
    answered the same item the later answer wins (mine on a tie). Events are the union, in time order."""
    answers = {quiz: dict(items) for quiz, items in disk.answers.items()}
    for quiz, items in mine.answers.items():
        ours = answers.setdefault(quiz, {})
        for item, entry in items.items():
            if item not in ours or _instant(entry.get("at")) >= _instant(ours[item].get("at")):
                ours[item] = entry
    seen, events = set(), []
    for event in sorted(disk.events + mine.events, key=lambda e: _instant(e.get("t"))):
        key = json.dumps(event, sort_keys=True, ensure_ascii=False, default=str)
        if key not in seen:
            seen.add(key)
            events.append(event)
    started = {**mine.started, **{q: min(s, mine.started.get(q, s)) for q, s in disk.started.items()}}
    return AnswerSheet(notebook=mine.notebook or disk.notebook, lesson=mine.lesson or disk.lesson,
                       learner=mine.learner or disk.learner, answers=answers, draws={**disk.draws, **mine.draws},
                       started=started, events=events)


@dataclass
class AnswerSheet:
    """Everything one learner did in one notebook. `answers[quiz][item]` holds the latest response."""

    notebook: str = ""
    lesson: str = ""
    learner: str = ""
    answers: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    draws: dict[str, list[str]] = field(default_factory=dict)
    started: dict[str, str] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    recovered_from: str | None = None
    problems: tuple[str, ...] = ()  # parts the schema rejected when read (dropped; their items score 0)
    rejected: dict[tuple[str, str], str] = field(default_factory=dict)  # (quiz, item or "") → why

    def response(self, quiz: str, item: str) -> Any:
        return self.answers.get(quiz, {}).get(item, {}).get("response")

    def rejection(self, quiz: str, item: str) -> str:
        """Why this item's answer was dropped when the file was read ('' when it was not)."""
        return self.rejected.get((quiz, item)) or self.rejected.get((quiz, ""), "")

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

    def to_json(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "notebook": self.notebook, "lesson": self.lesson, "learner": self.learner,
                "answers": self.answers, "draws": self.draws, "started": self.started, "events": self.events}

    @classmethod
    def from_json(cls, data: Any) -> AnswerSheet:
        """The one schema every reader goes through: bad parts are dropped and listed, the rest is kept."""
        data = upgrade(data)
        checked = _Checked()
        answers = checked.answers(data.get("answers", {}))
        return cls(notebook=checked.text(data, "notebook"), lesson=checked.text(data, "lesson"),
                   learner=checked.text(data, "learner"), answers=answers,
                   draws=checked.mapping(data, "draws", _is_id_list), started=checked.mapping(data, "started", _is_text),
                   events=checked.events(data.get("events", [])), problems=tuple(checked.problems),
                   rejected=checked.rejected)


class CorruptAnswers(KitError, ValueError):
    """The answers file exists but cannot be read as an answers file."""


def upgrade(data: Any) -> dict[str, Any]:
    """Bring an older answers file up to SCHEMA (there is one version so far); reject what is not one."""
    if not isinstance(data, dict):
        raise CorruptAnswers(t("answers.not_object"))
    version = data.get("schema")
    if version != SCHEMA:
        raise CorruptAnswers(t("answers.schema", version=repr(version)[:20]))
    return data


class _Checked:
    """Walks a decoded answers file part by part, keeping what fits the schema and listing what does not."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.rejected: dict[tuple[str, str], str] = {}

    def drop(self, where: str, quiz: str | None = None, item: str = "") -> None:
        reason = t("answers.bad_part", part=where)
        self.problems.append(reason)
        if quiz is not None:
            self.rejected[(quiz, item)] = reason

    def text(self, data: dict[str, Any], key: str) -> str:
        value = data.get(key, "")
        if isinstance(value, str):
            return value
        self.drop(key)
        return ""

    def mapping(self, data: dict[str, Any], key: str, ok: Callable[[Any], bool]) -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.drop(key)
            return {}
        kept = {k: v for k, v in value.items() if ok(v)}
        for k in value.keys() - kept.keys():
            self.drop(f"{key}.{k}")
        return kept

    def answers(self, value: Any) -> dict[str, dict[str, dict[str, Any]]]:
        if not isinstance(value, dict):
            self.drop("answers")
            return {}
        kept: dict[str, dict[str, dict[str, Any]]] = {}
        for quiz, items in value.items():
            if not isinstance(items, dict):
                self.drop(f"answers.{quiz}", quiz)
                continue
            kept[quiz] = {}
            for item, entry in items.items():
                if isinstance(entry, dict) and _is_response(entry.get("response"), MAX_DEPTH):
                    kept[quiz][item] = entry
                else:
                    self.drop(f"answers.{quiz}.{item}", quiz, item)
        return kept

    def events(self, value: Any) -> list[dict[str, Any]]:
        if not isinstance(value, list):
            self.drop("events")
            return []
        kept = [e for e in value if isinstance(e, dict) and isinstance(e.get("event"), str) and _is_time(e.get("t"))]
        if len(kept) < len(value):
            self.drop(f"events ({len(value) - len(kept)})")
        return kept


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_id_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _is_time(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_response(value: Any, depth: int) -> bool:
    """A response is JSON text, a number, a truth value, nothing, or a (shallow) list of those."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return True
    return depth > 0 and isinstance(value, list) and all(_is_response(v, depth - 1) for v in value)


def parse(text: str) -> AnswerSheet:
    if len(text) > MAX_BYTES:
        raise CorruptAnswers(t("answers.too_big"))
    try:
        return AnswerSheet.from_json(json.loads(text))
    except json.JSONDecodeError as exc:
        raise CorruptAnswers(f"JSON: {exc.msg} (line {exc.lineno})") from exc
    except RecursionError:
        raise CorruptAnswers(t("answers.too_deep")) from None


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
        self.sweep()
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
        """Lock the folder, merge with what another writer saved meanwhile, replace atomically."""
        with self._locked():
            if self.path.exists():
                try:
                    sheet = merged(parse(self.path.read_text(encoding="utf-8")), sheet)
                except (CorruptAnswers, UnicodeDecodeError, OSError):
                    pass  # a damaged file was moved aside at load; what this writer holds is the best copy
            self._replace(json.dumps(sheet.to_json(), ensure_ascii=False, indent=1, sort_keys=True))

    def _replace(self, data: str) -> None:
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

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """An exclusive lock on the notebook's folder (no lock file is left to be submitted)."""
        fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def sweep(self) -> list[Path]:
        """Remove temporary files a killed kernel left mid-save (never a live writer's: they are seconds old)."""
        old = time.time() - STALE_TMP_SECONDS
        stale = [p for p in self.path.parent.glob(f".{self.path.name}.*.tmp") if _modified(p) < old]
        for path in stale:
            path.unlink(missing_ok=True)
        return stale

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
    return read_sheet_or_reason(path)[0]


def read_sheet_or_reason(path: Path) -> tuple[AnswerSheet | None, str]:
    """A submitted answers file, or None and the reason it scores zero (every reader of submissions uses this)."""
    path = Path(path)
    try:
        return parse(path.read_text(encoding="utf-8")), ""
    except FileNotFoundError:
        return None, t("grade.no_answers_file", name=path.name)
    except (CorruptAnswers, UnicodeDecodeError, OSError) as exc:
        return None, t("grade.bad_answers_file", name=path.name, detail=str(exc)[:80])


def _modified(path: Path) -> float:
    """When `path` last changed; a file another writer renamed into place meanwhile is not stale (+inf)."""
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return float("inf")
