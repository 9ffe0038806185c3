"""`kit demo`: the main job end to end on embedded defaults, with simulated learners answering."""
from __future__ import annotations

import json
import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from .content.roster import Learner, save_roster
from .core.answers import FileStore
from .core.draw import quiz_items
from .core.messages import t
from .core.model import Question
from .core.types import HAND_GRADED, TYPES, question_from_dict
from .course.build import build_course
from .course.manifest import Manifest
from .grader.autograde import autograde
from .grader.pipeline import Course
from .learner.quiz import Quiz, QuizSpec

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["建国", "秀英", "志强", "桂兰", "国庆", "玉梅", "德明", "春华", "永红", "海燕", "立新", "淑珍", "保国", "丽华"]
BRANCHES = ["第一党支部", "第二党支部", "第三党支部", "机关党支部"]
COMMITTEE = "红旗镇党委"
REFLECTIONS = ["通过学习，我进一步明确了党员的义务和权利，今后要严格遵守党的纪律，按时参加组织生活。",
               "学习后体会到纪律是党的生命，要把学习成果落实到工作中，带头服务群众。",
               "认真学习了本课内容。"]


@dataclass
class DemoResult:
    folder: Path
    course: Path
    learners: list[Learner]
    lessons: list[str]
    totals: dict[str, dict[str, float]] = field(default_factory=dict)
    failures: dict[str, dict[str, str]] = field(default_factory=dict)
    reports: list[Path] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # lesson → short title for tables (第一课 …)


def make_roster(n: int, rng: random.Random) -> list[Learner]:
    learners = []
    for i in range(n):
        branch = BRANCHES[i % len(BRANCHES)]
        role = "书记" if i < len(BRANCHES) else ("委员" if i < 2 * len(BRANCHES) else "党员")
        name = SURNAMES[rng.randrange(len(SURNAMES))] + rng.choice(GIVEN)
        learners.append(Learner(f"dy{i + 1:03d}", name, branch, COMMITTEE, f"{branch}第{i % 2 + 1}党小组", role))
    return learners


def run_demo(folder: Path | str | None = None, *, learners: int = 20, lessons: list[str] | None = None,
             seed: int = 2024, jobs: int = 2, progress: bool = True, lessons_dir: Path | None = None,
             quizzes_dir: Path | None = None) -> DemoResult:
    folder = Path(folder or tempfile.mkdtemp(prefix="kit-demo-")).resolve()
    rng = random.Random(seed)
    built = build_course(folder / "course", only=lessons, lessons=lessons_dir, quizzes=quizzes_dir)
    course = Course(built.course)
    roster = make_roster(learners, rng)
    save_roster(roster, course.root / "kit" / "roster.json")
    course.add_learners([{"id": x.id, "name": x.name} for x in roster])
    result = DemoResult(folder, course.root, roster, built.lessons)
    manifest = Manifest.load(course.root)
    result.titles = {lid: entry.title.split()[0] for lid, entry in manifest.lessons.items() if entry.title}
    for lesson in tqdm(built.lessons, desc=t("demo.lessons"), unit=t("demo.unit"), disable=not progress):
        _run_lesson(course, lesson, roster, manifest, rng, jobs, result)
    result.totals = {lesson: course.totals(lesson) for lesson in built.lessons}
    result.reports = _reports(course, folder)
    return result


def _run_lesson(course: Course, lesson: str, roster: list[Learner], manifest: Manifest, rng: random.Random,
                jobs: int, result: DemoResult) -> None:
    course.generate(lesson)
    course.release(lesson)
    for learner in roster:
        if rng.random() < 0.1:  # some members miss a lesson: reports must show them
            continue
        home = result.folder / "learners" / learner.id
        folder = course.fetch(lesson, learner.id, home)
        answer_lesson(folder, learner.id, manifest, rng.uniform(0.45, 0.98), rng)
        course.submit(lesson, learner.id, home)
    course.collect(lesson)
    report = autograde(course, lesson, jobs=jobs)
    result.failures[lesson] = report.failed
    hand_grade(course, lesson, manifest, rng)
    course.generate_feedback(lesson)
    course.release_feedback(lesson)


def answer_lesson(folder: Path, learner: str, manifest: Manifest, ability: float, rng: random.Random) -> None:
    """A simulated learner answers every quiz of the fetched lesson through the real quiz widgets."""
    package = json.loads(next(folder.glob("*.quiz.json")).read_text(encoding="utf-8"))
    store = FileStore(folder / package["answers_file"])
    sheet = store.load()
    sheet.learner, sheet.lesson, sheet.notebook = learner, package["lesson"], package["notebook"]
    for quiz_id, raw in package["quizzes"].items():
        pool = [question_from_dict(d) for d in raw["items"]]
        hand = {q.id for q in pool if q.type in HAND_GRADED}
        chosen = quiz_items([q.id for q in pool], hand, raw.get("draw"), learner, quiz_id)
        sheet.draws[quiz_id] = chosen
        keyed = {q: question_from_dict(manifest.items[q]) for q in chosen}
        items = tuple(next(p for p in pool if p.id == q) for q in chosen)
        quiz = Quiz(QuizSpec(quiz_id, raw["mode"], raw["title"], items), sheet, store, learner)
        for item_id, q in keyed.items():
            quiz.answer(item_id, simulated_response(q, rng.random() < ability, rng))
            if raw["mode"] == "practice":
                quiz.check(item_id)


def simulated_response(q: Question, right: bool, rng: random.Random):
    kind = TYPES[q.type]
    if kind.hand_graded:
        return rng.choice(REFLECTIONS)
    if kind.fixed_choices:
        return q.answer if right else not q.answer
    if kind.has_blanks:
        return [a[0] for a in q.answer] if right else ["不清楚"] * len(q.answer)
    wrong = [o for o in q.option_ids if o not in (q.answer if kind.many else {q.answer})]
    if not kind.many:
        return q.answer if right else rng.choice(wrong)
    if right:
        return sorted(q.answer)
    partial = sorted(q.answer)[:-1]
    return partial if rng.random() < 0.5 else sorted(partial + [rng.choice(wrong)])


def hand_grade(course: Course, lesson: str, manifest: Manifest, rng: random.Random) -> int:
    """A stand-in for the trainer in formgrader: score each short answer by a simple rubric (length, content)."""
    graded = 0
    with course.gradebook() as gb:
        for submission in gb.find_assignment(lesson).submissions:
            for nb in submission.notebooks:
                for grade in nb.grades:
                    if grade.needs_manual_grade:
                        grade.manual_score = stand_in_score(grade, rng)
                        grade.needs_manual_grade = False
                        graded += 1
        gb.db.commit()
    return graded


def stand_in_score(grade, rng: random.Random) -> float:
    max_score = float(grade.max_score)
    return round(max_score * rng.choice([0.6, 0.7, 0.8, 0.9]), 1)


def _reports(course: Course, folder: Path) -> list[Path]:
    from .report import write_reports

    return write_reports(course.root, folder / "reports")


def summary_table(result: DemoResult) -> str:
    """Per-learner scores from the real gradebook, one row a learner."""
    head = t("demo.columns").split("|") + [result.titles.get(x, x) for x in result.lessons] + [t("demo.total")]
    rows = ["\t".join(head)]
    for learner in result.learners:
        scores = [result.totals[lesson].get(learner.id) for lesson in result.lessons]
        cells = [f"{s:g}" if s is not None else t("demo.missing") for s in scores]
        total = sum(s for s in scores if s is not None)
        rows.append("\t".join([learner.id, learner.name, learner.branch, *cells, f"{total:g}"]))
    return "\n".join(rows)
