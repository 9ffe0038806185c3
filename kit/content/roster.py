"""The roster: who the learners are and where they sit in the organisation tree (党员 → 支部 → 党委)."""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from ..core.errors import KitError, Problem
from ..core.messages import t

HEADERS = {
    "id": ("学号", "账号", "学号/账号", "用户名", "id", "ID"),
    "name": ("姓名", "name"),
    "branch": ("支部", "党支部", "所在支部", "branch"),
    "committee": ("党委", "单位", "党委/单位", "所属党委", "committee"),
    "group": ("党小组", "group"),
    "role": ("角色", "职务", "身份", "role"),
}
# A learner id names folders (nbgrader's submitted/<id>/, the exchange's <id>+<lesson>+<time>) and, on a hub, a
# system account: no path separators, no leading dot or dash, no "+", no control characters, and short.
ID_FORBIDDEN = re.compile(r"[/\\+\x00-\x1f\x7f]|^[.-]|^\s|\s$")
ID_MAX_BYTES = 64
LEADER_ROLES = ("书记", "副书记", "委员", "支委", "组织委员", "宣传委员", "纪检委员")


@dataclass(frozen=True)
class Learner:
    id: str
    name: str
    branch: str
    committee: str = ""
    group: str = ""
    role: str = "党员"

    @property
    def is_leader(self) -> bool:
        """书记 and committee members need 56 学时 a year instead of 32."""
        return any(r in self.role for r in LEADER_ROLES)


def read_roster(path: Path | str, branches: set[str] | None = None) -> tuple[list[Learner], list[Problem]]:
    """Every valid row, and a problem (with its row number) for every bad one; never stops at the first."""
    path = Path(path)
    rows = _rows(path)
    if not rows:
        raise KitError(t("roster.empty", path=path))
    columns = _columns(rows[0], path)
    learners: list[Learner] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        values = {k: str(row[i]).strip() if i < len(row) and row[i] is not None else "" for k, i in columns.items()}
        if not any(values.values()):
            continue
        problem = _row_problem(values, number, seen, branches)
        if problem:
            problems.append(Problem(str(path), number, values.get("id", ""), problem))
            continue
        seen[values["id"]] = number
        learners.append(Learner(**{k: v for k, v in values.items() if v or k in ("id", "name", "branch")}))
    return learners, problems


def id_problem(learner_id: str) -> str:
    """Why this learner id cannot be used, or "" when it can (Chinese ids and inner spaces are fine)."""
    if ID_FORBIDDEN.search(learner_id):
        return t("roster.bad_id", id=learner_id)
    if len(learner_id.encode("utf-8")) > ID_MAX_BYTES:
        return t("roster.long_id", max=ID_MAX_BYTES)
    return ""


def _row_problem(values: dict, number: int, seen: dict[str, int], branches: set[str] | None) -> str:
    if not values.get("id"):
        return t("roster.no_id")
    if id_problem(values["id"]):
        return id_problem(values["id"])
    if values["id"] in seen:
        return t("roster.duplicate", row=seen[values["id"]])
    if not values.get("branch"):
        return t("roster.no_branch")
    if branches is not None and values["branch"] not in branches:
        return t("roster.unknown_branch", branch=values["branch"])
    return ""


def _columns(header: list, path: Path) -> dict[str, int]:
    names = [str(h or "").strip() for h in header]
    columns = {}
    for key, aliases in HEADERS.items():
        for i, name in enumerate(names):
            if name in aliases:
                columns[key] = i
                break
    if "id" not in columns:
        raise KitError(t("roster.no_id_column", path=path, header="、".join(names)))
    return columns


def _rows(path: Path) -> list[list]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return list(csv.reader(io.StringIO(raw.decode(encoding))))
        except UnicodeDecodeError:
            continue
    raise KitError(t("roster.encoding", path=path))


def save_roster(learners: list[Learner], path: Path) -> None:
    """The kit's copy of the roster inside the course (kit/roster.json), read by reports."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"schema": 1, "learners": [asdict(x) for x in learners]}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def load_roster(path: Path) -> list[Learner]:
    if not path.exists():
        return []
    return [Learner(**x) for x in json.loads(path.read_text(encoding="utf-8"))["learners"]]
