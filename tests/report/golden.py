"""A synthetic 200-learner course for the golden report test: every item type, draws, hand grades, penalties.

Rows go straight into the schema nbgrader's own Gradebook creates, in learner order (nbgrader's autograde
writes them that way too). Everything comes from one seeded generator, so the course is the same every run.
"""
from __future__ import annotations

import json
import random
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from kit.core.draw import draw_items

LEARNERS = 200
BRANCHES = ("第一党支部", "第二党支部", "机关党支部", "离退休党支部", "第五党支部")
OPTIONS = [["A", "甲"], ["B", "乙"], ["C", "丙"], ["D", "丁"]]


def catalogue() -> dict:
    items = {}
    for n in range(12):
        kind = ("single", "multiple", "judge", "fill")[n % 4]
        entry = {"id": f"a{n:02d}", "type": kind, "stem": f"甲课第{n + 1}题", "points": 1.0, "policy": "partial"}
        entry |= {"single": {"options": OPTIONS, "answer": "B"}, "multiple": {"options": OPTIONS, "answer": ["A", "C"]},
                  "judge": {"answer": n % 3 == 0}, "fill": {"answer": [["党章"]]}}[kind]
        items[entry["id"]] = entry
    for n in range(8):
        items[f"b{n}"] = {"id": f"b{n}", "type": "single", "stem": f"乙课第{n + 1}题", "points": 1.0,
                          "options": OPTIONS, "answer": "B", "policy": "partial"}
    items["essay"] = {"id": "essay", "type": "short", "stem": "谈谈体会", "points": 5.0, "reference": "要点"}
    items["c0"] = {"id": "c0", "type": "judge", "stem": "丙课第1题", "points": 1.0, "answer": True}
    return items


LESSONS = {  # lesson → (quizzes, due date, hours)
    "la": ({"la-exam": {"mode": "exam", "draw": 8, "items": [f"a{n:02d}" for n in range(12)] + ["essay"],
                        "slot_points": 1.0},
            "la-practice": {"mode": "practice", "draw": None, "items": ["a00"], "slot_points": 1.0}},
           datetime(2024, 3, 1), 2),
    "lb": ({"lb-exam": {"mode": "exam", "draw": None, "items": [f"b{n}" for n in range(8)], "slot_points": 1.0}},
           datetime(2024, 11, 20), 3),
    "lc": ({"lc-exam": {"mode": "exam", "draw": None, "items": ["c0"], "slot_points": 2.0}}, datetime(2999, 1, 1), 1),
}


def manifest() -> dict:
    lessons = {lid: {"notebook": lid, "title": f"第{i + 1}课", "hours": hours, "minutes": 30, "answers_file": f"{lid}.answers.json",
                     "quizzes": quizzes} for i, (lid, (quizzes, _, hours)) in enumerate(LESSONS.items())}
    return {"schema": 1, "course_id": "golden", "lessons": lessons, "items": catalogue()}


def roster() -> dict:
    rows = [{"id": f"m{i:03d}", "name": f"学员{i:03d}", "branch": BRANCHES[i % 5], "committee": f"第{i % 2 + 1}党委",
             "group": "", "role": "书记" if i < 5 else "党员"} for i in range(LEARNERS)]
    return {"schema": 1, "learners": rows}


def build(root: Path) -> Path:
    """The course folder with its gradebook and answers files; returns the root."""
    from kit.grader.pipeline import Course

    (root / "kit").mkdir(parents=True)
    db = root / "gradebook.db"
    (root / "nbgrader_config.py").write_text(
        f'c = get_config()\nc.CourseDirectory.course_id = "golden"\nc.CourseDirectory.db_url = "sqlite:///{db}"\n')
    man = manifest()
    (root / "kit" / "manifest.json").write_text(json.dumps(man, ensure_ascii=False))
    (root / "kit" / "roster.json").write_text(json.dumps(roster(), ensure_ascii=False))
    with Course(root).gradebook():
        pass  # nbgrader creates its own schema
    conn = sqlite3.connect(db)
    Writer(conn, root, man, random.Random(19)).write()
    conn.commit()
    conn.close()
    return root


class Writer:
    def __init__(self, conn, root: Path, man: dict, rng: random.Random):
        self.conn, self.root, self.man, self.rng = conn, root, man, rng
        self.ability = {f"m{i:03d}": rng.gauss(0, 1) for i in range(LEARNERS + 3)}

    def insert(self, table: str, **row) -> None:
        self.conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                          [str(v) if isinstance(v, datetime) else v for v in row.values()])

    def write(self) -> None:
        for learner in self.ability:  # three gradebook students the roster does not know
            self.insert("student", id=learner, first_name=f"学员{learner[1:]}")
        for lid, (quizzes, due, _) in LESSONS.items():
            self.insert("assignment", id=f"a-{lid}", name=lid, duedate=due, course_id="golden")
            self.insert("notebook", id=f"n-{lid}", name=lid, assignment_id=f"a-{lid}")
            cells = self.cells(lid, quizzes)
            for learner in self.ability:
                if self.rng.random() < (0.95 if lid == "lc" else 0.15) or learner == "m007":
                    continue
                self.submission(lid, due, cells, learner)

    def cells(self, lid: str, quizzes: dict) -> list[tuple[str, str, float]]:
        """(cell name, quiz, max score): one per exam slot, one per short item, one bonus cell outside any quiz."""
        out = [(f"{lid}-bonus", "", 1.0)]
        for qid, quiz in quizzes.items():
            if quiz["mode"] != "exam":
                continue
            graded = [i for i in quiz["items"] if self.man["items"][i]["type"] != "short"]
            slots = min(quiz["draw"] or len(graded), len(graded))
            out += [(f"{qid}-{s}", qid, quiz["slot_points"]) for s in range(1, slots + 1)]
            out += [(f"{qid}-{i}", qid, self.man["items"][i]["points"]) for i in quiz["items"] if i not in graded]
        for name, _, points in out:
            self.insert("base_cell", id=f"c-{lid}-{name}", name=name, notebook_id=f"n-{lid}", type="GradeCell")
            self.insert("grade_cells", id=f"c-{lid}-{name}", max_score=points, cell_type="code")
        return out

    def submission(self, lid: str, due: datetime, cells: list, learner: str) -> None:
        sid, rng = f"s-{lid}-{learner}", self.rng
        at = due + timedelta(hours=rng.uniform(-400, 60)) if lid != "lc" else datetime(2025, 1, 5)
        self.insert("submitted_assignment", id=sid, assignment_id=f"a-{lid}", student_id=learner, timestamp=at)
        self.insert("submitted_notebook", id=sid, assignment_id=sid, notebook_id=f"n-{lid}", flagged=False,
                    late_submission_penalty=1.0 if at > due and rng.random() < 0.5 else 0.0)
        answers: dict[str, dict] = {}
        for name, quiz, points in cells:
            item = self.item_of(lid, quiz, name, learner)
            right = rng.random() < 1 / (1 + 2.718 ** (-self.ability[learner] + (0.5 if item == "a01" else 0)))
            if item == "b0":  # a wrong key: the strong choose C
                right = self.ability[learner] < 0 and rng.random() < 0.6
            self.grade(sid, lid, name, points, item, right)
            if item and self.man["items"][item]["type"] != "short":
                answers.setdefault(quiz, {})[item] = {"response": self.response(item, right), "attempts": 1}
        self.answers_file(lid, learner, answers)

    def item_of(self, lid: str, quiz: str, name: str, learner: str) -> str:
        if not quiz:
            return ""
        spec = LESSONS[lid][0][quiz]
        last = name.removeprefix(f"{quiz}-")
        if not last.isdigit():
            return last
        pool = [i for i in spec["items"] if self.man["items"][i]["type"] != "short"]
        return draw_items(pool, spec["draw"], learner, quiz)[int(last) - 1]

    def grade(self, sid: str, lid: str, name: str, points: float, item: str, right: bool) -> None:
        rng, manual, auto, extra, pending = self.rng, None, (points if right else 0.0), None, False
        if item == "essay":
            auto, pending = None, rng.random() < 0.3
            manual = None if pending else float(rng.randint(0, 5))
        elif rng.random() < 0.03:
            manual = points / 2  # a trainer's override
        if rng.random() < 0.02:
            extra = 0.5
        self.insert("grade", id=f"g-{sid}-{name}", notebook_id=sid, cell_id=f"c-{lid}-{name}", auto_score=auto,
                    manual_score=manual, extra_credit=extra, needs_manual_grade=pending)

    def response(self, item: str, right: bool):
        entry, rng = self.man["items"][item], self.rng
        if entry["type"] == "single":
            return entry["answer"] if right else rng.choice([o for o in "ACD" if o != entry["answer"]])
        if entry["type"] == "multiple":
            return entry["answer"] if right else rng.choice([["A"], ["A", "B"], ["B", "D"], []])
        if entry["type"] == "judge":
            return entry["answer"] if right else not entry["answer"]
        return ["党章"] if right else [rng.choice(["党纪", ""])]

    def answers_file(self, lid: str, learner: str, answers: dict) -> None:
        folder = self.root / "submitted" / learner / lid
        folder.mkdir(parents=True)
        roll = self.rng.random()
        if roll < 0.04:
            return  # no answers file at all
        path = folder / f"{lid}.answers.json"
        if roll < 0.07:
            path.write_text("{ not json", encoding="utf-8")
            return
        start = datetime(2024, 3, 1, 9) + timedelta(minutes=self.rng.randint(0, 600))
        events = [{"t": (start + timedelta(minutes=m)).isoformat() + "+08:00", "event": "answered"}
                  for m in sorted(self.rng.sample(range(90), 3))]
        sheet = {"schema": 1, "notebook": f"{lid}.ipynb", "lesson": lid, "learner": learner, "answers": answers,
                 "draws": {q: list(a) for q, a in answers.items()}, "started": {}, "events": events}
        path.write_text(json.dumps(sheet, ensure_ascii=False), encoding="utf-8")
