"""Question banks: read YAML with line numbers, validate every item, build typed Questions."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..core.errors import Problem, valid
from ..core.messages import t
from ..core.model import POLICIES, STATUSES, USES, Question, Source
from ..core.types import TYPES, QuestionType
from . import regulations, yamlfile

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
OPTION_ID = re.compile(r"^[A-H]$")
ITEM_FIELDS = {
    "id", "type", "stem", "options", "answer", "aliases", "explanation", "source", "fact", "points",
    "difficulty", "tags", "status", "use", "policy", "historical", "valid_from", "valid_to",
    "feedback", "reference", "rubric",
}


@dataclass(frozen=True)
class Bank:
    id: str
    title: str
    file: str
    items: tuple[Question, ...]


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Load YAML keeping line numbers; a bad encoding or syntax, a huge file or an alias bomb becomes a
    Problem, not a crash."""
    if path.stat().st_size > yamlfile.MAX_BYTES:
        return None, [Problem(str(path), 1, "", t("check.too_big", limit=yamlfile.MAX_BYTES // 2**20))]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(str(path), line, "", t("check.encoding"))]
    try:
        return yamlfile.load(text), []
    except yamlfile.YamlLimit as exc:
        return None, [Problem(str(path), 1, "", t("check.yaml_limit", detail=exc))]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(str(path), line, "", t("check.yaml", detail=exc.problem or exc.context))]
    except (yaml.YAMLError, RecursionError) as exc:  # RecursionError: thousands of nested [ [ [
        return None, [Problem(str(path), 1, "", t("check.yaml", detail=(str(exc) or type(exc).__name__).splitlines()[0]))]


def line_of(node: Any, key: str | None = None) -> int:
    """1-based line of a mapping (or of one of its keys)."""
    if not isinstance(node, yamlfile.Mapping):
        return 0
    return node.key_lines.get(key, node.line) if key is not None else node.line


def load_bank(path: Path | str) -> Bank:
    """Read one bank; raise BankError with every problem when it is not valid."""
    return valid(*read_bank(Path(path)))


def read_bank(path: Path) -> tuple[Bank | None, list[Problem]]:
    data, problems = read_yaml(path)
    if problems:
        return None, problems
    file = str(path)
    if not isinstance(data, dict):
        return None, [Problem(file, 1, "", t("check.not_mapping"))]
    if data.get("schema") != 1:
        return None, [Problem(file, line_of(data, "schema"), "", t("check.schema"))]
    items_node = data.get("items")
    if not isinstance(items_node, list):
        return None, [Problem(file, line_of(data), "", t("check.no_items"))]
    defaults = data.get("defaults") or {}
    bank_id = str(data.get("bank") or path.stem)
    items: list[Question] = []
    for raw in items_node:
        question, found = parse_item(raw, defaults, file, bank_id)
        problems += found
        if question is not None:
            items.append(question)
    return Bank(bank_id, str(data.get("title", bank_id)), file, tuple(items)), problems


def parse_item(raw: Any, defaults: dict, file: str, bank_id: str) -> tuple[Question | None, list[Problem]]:
    """Validate one item; return the Question (None when it cannot be built) and its problems."""
    if not isinstance(raw, dict):
        return None, [Problem(file, line_of(raw), "", t("check.not_mapping"))]
    item = _Item(raw, {**dict(defaults), **dict(raw)}, file)
    item.check_fields()
    qtype = item.get("type")
    kind = TYPES.get(qtype) if isinstance(qtype, str) else None
    if kind is None:
        item.error("type", "check.unknown_type", type=qtype)
        return None, item.problems
    question = item.build(kind, kind.parse(item), bank_id)
    return (question if not item.fatal else None), item.problems


class _Item:
    """Collects the problems of one raw item while its fields are read."""

    def __init__(self, node: Any, data: dict, file: str):
        self.node, self.data, self.file = node, data, file
        self.id = str(data.get("id", ""))
        self.problems: list[Problem] = []
        self.fatal = False

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def error(self, key: str | None, msg: str, *, fatal: bool = True, severity: str = "error", **fields) -> None:
        self.problems.append(Problem(self.file, line_of(self.node, key), self.id, t(msg, **fields), severity))
        self.fatal = self.fatal or (fatal and severity == "error")

    def check_fields(self) -> None:
        for key in ("id", "type", "stem"):
            if not self.get(key):
                self.error(key, "check.missing", field=key)
        if self.id and not ID.match(self.id):
            self.error("id", "check.bad_id")
        for key in self.node:
            if key not in ITEM_FIELDS:
                self.error(key, "check.unknown_field", field=key, fatal=False)

    def options(self) -> tuple[tuple[str, str], ...]:
        raw = self.get("options")
        if not raw:
            self.error("options", "check.empty_options")
            return ()
        if not isinstance(raw, dict):
            self.error("options", "check.bad_type_field", field="options")
            return ()
        opts = []
        for oid, text in raw.items():
            oid = str(oid).strip()
            if not OPTION_ID.match(oid):
                self.error("options", "check.bad_option_id", option=oid)
            if text is None or not str(text).strip():
                self.error("options", "check.empty_option", option=oid)
            opts.append((oid, str(text if text is not None else "").strip()))
        if len(opts) < 2:
            self.error("options", "check.few_options")
        return tuple(opts)

    def build(self, kind: QuestionType, answer: Any, bank_id: str) -> Question:
        options = self.options() if kind.has_options else ()
        if not kind.has_options and self.get("options"):
            self.error("options", "check.options_on_open", type=kind.label)
        if kind.has_options and options:
            self._answer_in_options(answer, {oid for oid, _ in options})
        if self.get("status") == "verified" and not kind.hand_graded and not self.get("explanation"):
            self.error("explanation", "check.no_explanation", fatal=False)
        return Question(
            id=self.id, type=kind.name, stem=str(self.get("stem", "")).strip(), options=options, answer=answer,
            explanation=str(self.get("explanation") or "").strip(), source=self.source(),
            fact=self.get("fact"), points=self.points(), difficulty=self.difficulty(),
            tags=tuple(str(x) for x in self.get("tags") or ()), status=self.choice("status", STATUSES, "draft"),
            use=self.choice("use", USES, "exam"), policy=self.choice("policy", POLICIES, "partial"),
            historical=bool(self.get("historical", False)), valid_from=self.day("valid_from"),
            valid_to=self.day("valid_to"), feedback=tuple((str(k), str(v)) for k, v in (self.get("feedback") or {}).items()),
            reference=str(self.get("reference") or "").strip(), rubric=tuple(str(x) for x in self.get("rubric") or ()),
            bank=bank_id, file=self.file, line=line_of(self.node),
        )

    def _answer_in_options(self, answer: Any, ids: set[str]) -> None:
        given = {answer} if isinstance(answer, str) else set(answer or ())
        for missing in sorted(given - ids):
            self.error("answer", "check.answer_not_option", answer=missing)

    def source(self) -> Source | None:
        raw = self.get("source")
        if raw is None:
            if self.get("status") == "verified":
                self.error("source", "check.no_source", fatal=False)
            return None
        if not isinstance(raw, dict) or not raw.get("doc") or not raw.get("version"):
            self.error("source", "check.source_fields", fatal=False)
            return None
        src = Source(str(raw["doc"]).strip("《》 "), str(raw["version"]), raw.get("article"))
        self._check_version(src)
        return src

    def _check_version(self, src: Source) -> None:
        reg = regulations.lookup(src.doc)
        if reg is None:
            self.error("source", "check.unknown_doc", severity="warning", doc=src.doc)
        elif src.version not in reg.versions:
            self.error("source", "check.unknown_version", fatal=False, doc=src.doc, version=src.version,
                       known="、".join(reg.versions))
        elif src.version != reg.current and not self.get("historical"):
            self.error("source", "check.superseded", fatal=False, doc=src.doc, version=src.version)

    def points(self) -> float:
        value = self.get("points", 2)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            self.error("points", "check.bad_points", fatal=False)
            return 2.0
        return float(value)

    def difficulty(self) -> int:
        value = self.get("difficulty", 2)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            self.error("difficulty", "check.bad_difficulty", fatal=False)
            return 2
        return value

    def choice(self, key: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.get(key, default)
        if value not in allowed:
            self.error(key, f"check.bad_{key}", fatal=False, **{key: value})
            return default
        return value

    def day(self, key: str) -> date | None:
        value = self.get(key)
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.error(key, "check.bad_date", fatal=False, field=key)
            return None


def load_banks(paths: list[Path]) -> dict[str, Question]:
    """Load several banks into one id → Question table; raise BankError on any error."""
    table: dict[str, Question] = {}
    for path in paths:
        for q in load_bank(path).items:
            table[q.id] = q
    return table


def bank_files(root: Path) -> list[Path]:
    """The bank files below a folder (facts tables excluded), sorted for determinism."""
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*.yml") if "facts" not in p.relative_to(root).parts[:-1])
