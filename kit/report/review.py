"""`kit review`: a learner's 错题本, a practice notebook of their wrong answers plus related new items.

An item leaves the book once it has been answered correctly on two different days (simple spaced review);
that history is kept in a small versioned JSON file beside the notebook.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path

from ..core.answers import answers_path, read_sheet
from ..core.errors import KitError
from ..core.grading import grade
from ..core.messages import t
from ..core.notebook import KERNELSPEC, QUIZ_FILE_SUFFIX, quiz_source
from ..core.types import HAND_GRADED, question_from_dict, question_to_dict
from ..course.manifest import Manifest
from ..grader.layout import Layout

QUIZ = "review"
NAME = "错题本"
STATE_FILE = "review-state.json"
STATE_SCHEMA = 1
RETIRE_AFTER = 2  # correct answers on different days
RELATED = 3  # unseen items sharing a tag, added alongside the wrong ones


@dataclass(frozen=True)
class ReviewEntry:
    item: str
    reason: str  # wrong | related
    added: str  # ISO date
    correct_days: tuple[str, ...] = ()

    @property
    def retired(self) -> bool:
        return len(self.correct_days) >= RETIRE_AFTER


@dataclass(frozen=True)
class ReviewState:
    learner: str
    entries: tuple[ReviewEntry, ...] = field(default=())

    @property
    def active(self) -> tuple[ReviewEntry, ...]:
        return tuple(e for e in self.entries if not e.retired)


@dataclass(frozen=True)
class ReviewResult:
    folder: Path
    notebook: Path
    items: tuple[str, ...]
    retired: int


@dataclass(frozen=True)
class LearnerHistory:
    """What a learner has done, from the gradebook and their submitted answers files."""

    wrong: tuple[str, ...]  # in the order first met
    seen: frozenset[str]


# pure -------------------------------------------------------------------------------------------------
def related_items(catalogue: dict, wrong: tuple[str, ...], seen: frozenset[str], limit: int) -> tuple[str, ...]:
    """Unseen, machine-graded items that share the most tags with the wrong ones."""
    tags = {tag for i in wrong for tag in catalogue[i].get("tags", ())}
    scored = [(-len(tags & set(e.get("tags", ()))), iid) for iid, e in catalogue.items()
              if iid not in seen and e["type"] not in HAND_GRADED and tags & set(e.get("tags", ()))]
    return tuple(iid for _, iid in sorted(scored)[:limit])


def correct_days(catalogue: dict, events: list[dict]) -> dict[str, set[str]]:
    """item → the days on which a response to it in the review quiz was correct (graded again, purely)."""
    days: dict[str, set[str]] = {}
    for event in events:
        item = str(event.get("item"))
        if event.get("quiz") != QUIZ or item not in catalogue or "response" not in event:
            continue
        if grade(question_from_dict(catalogue[item]), event["response"]).correct:
            days.setdefault(item, set()).add(str(event.get("t", ""))[:10])
    return days


def update_state(state: ReviewState, history: LearnerHistory, catalogue: dict, days: dict[str, set[str]],
                 today: date, related: int = RELATED) -> ReviewState:
    entries = {e.item: replace(e, correct_days=tuple(sorted(set(e.correct_days) | days.get(e.item, set()))))
               for e in state.entries}
    for item in history.wrong:
        entries.setdefault(item, ReviewEntry(item, "wrong", today.isoformat()))
    active_wrong = tuple(e.item for e in entries.values() if e.reason == "wrong" and not e.retired)
    for item in related_items(catalogue, active_wrong, history.seen | set(entries), related):
        entries[item] = ReviewEntry(item, "related", today.isoformat())
    return ReviewState(state.learner, tuple(entries.values()))


def review_package(state: ReviewState, catalogue: dict, learner_name: str) -> dict:
    """The public quiz file of the book: practice mode, so it carries keys and 解析 (self-check)."""
    items = [question_to_dict(question_from_dict(catalogue[e.item]), keys=True) for e in state.active]
    quiz = {"mode": "practice", "title": t("review.quiz_title"), "draw": None, "time_limit": None,
            "shuffle": False, "items": items}
    return {"schema": 1, "lesson": QUIZ, "title": t("review.title", name=learner_name), "notebook": f"{NAME}.ipynb",
            "answers_file": answers_path(f"{NAME}.ipynb").name, "quizzes": {QUIZ: quiz}}


def review_notebook(state: ReviewState, learner_name: str):
    import nbformat

    wrong = sum(e.reason == "wrong" for e in state.active)
    intro = t("review.intro", wrong=wrong, related=len(state.active) - wrong) if state.active else t("review.empty")
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "dangke_kit": {"review": state.learner}}
    howto = f"\n\n{t('howto.review')}" if state.active else ""
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {t('review.title', name=learner_name)}\n\n{intro}{howto}")]
    if state.active:
        nb.cells.append(nbformat.v4.new_code_cell(quiz_source(QUIZ),
                                                  metadata={"jupyter": {"source_hidden": True}, "tags": ["kit-quiz"]}))
    return nb


# I/O ---------------------------------------------------------------------------------------------------
def load_state(path: Path, learner: str) -> ReviewState:
    if not path.exists():
        return ReviewState(learner)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema") != STATE_SCHEMA:
            raise ValueError(f"schema {data.get('schema')!r}")
        entries = tuple(ReviewEntry(e["item"], e["reason"], e["added"], tuple(e.get("correct_days", ())))
                        for e in data["entries"])
    except (ValueError, KeyError, TypeError) as exc:
        raise KitError(t("review.bad_state", path=path, detail=exc)) from exc
    return ReviewState(data.get("learner", learner), entries)


def save_state(state: ReviewState, path: Path) -> None:
    data = {"schema": STATE_SCHEMA, "learner": state.learner,
            "entries": [asdict(e) | {"correct_days": list(e.correct_days)} for e in state.entries]}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def learner_history(course_root: Path, learner: str, manifest: Manifest) -> LearnerHistory:
    """Wrong graded items (gradebook) and wrong practice checks (answers files), and every item seen."""
    from .options import ReportOptions
    from .records import select
    from .scan import learner_items

    selection = select(course_root, ReportOptions(progress=False))
    if not any(key[0] == learner for key in selection.submissions):
        raise KitError(t("review.unknown_learner", learner=learner))
    mine = learner_items(selection, learner)
    wrong = [item for item, score, top in mine if score < top and manifest.items[item]["type"] not in HAND_GRADED]
    seen = {item for item, _, _ in mine}
    layout = Layout(course_root)
    for lesson, entry in manifest.lessons.items():
        sheet = read_sheet(layout.folder("submitted", learner, lesson) / entry.answers_file)
        if sheet is None:
            continue
        for quiz, answers in sheet.answers.items():
            seen |= set(answers) | set(sheet.draws.get(quiz, ()))
            wrong += [i for i, a in answers.items() if a.get("correct") is False and i in manifest.items]
    return LearnerHistory(tuple(dict.fromkeys(wrong)), frozenset(seen))


def learner_name(course_root: Path, learner: str) -> str:
    from ..content.roster import load_roster

    return next((x.name for x in load_roster(course_root / "kit" / "roster.json") if x.id == learner), learner)


def build_review(course_root: Path | str, learner: str, out_dir: Path | str | None = None, *,
                 today: date | None = None, related: int = RELATED) -> ReviewResult:
    """Write (or refresh) the learner's 错题本: notebook, public quiz file, review state."""
    import nbformat

    root = Path(course_root).resolve()
    folder = Path(out_dir) if out_dir else root / "review" / learner
    manifest = Manifest.load(root)
    catalogue = manifest.items
    folder.mkdir(parents=True, exist_ok=True)
    sheet = read_sheet(answers_path(folder / f"{NAME}.ipynb"))
    days = correct_days(catalogue, sheet.events if sheet else [])
    state = update_state(load_state(folder / STATE_FILE, learner), learner_history(root, learner, manifest),
                         catalogue, days, today or date.today(), related)
    name = learner_name(root, learner)
    save_state(state, folder / STATE_FILE)
    (folder / f"{NAME}{QUIZ_FILE_SUFFIX}").write_text(
        json.dumps(review_package(state, catalogue, name), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    notebook = folder / f"{NAME}.ipynb"
    notebook.write_text(nbformat.writes(review_notebook(state, name)) + "\n", encoding="utf-8")
    retired = len(state.entries) - len(state.active)
    return ReviewResult(folder, notebook, tuple(e.item for e in state.active), retired)


def pending_count(folder: Path, learner: str) -> int | None:
    """Items still in a learner's book (None when no book has been built yet)."""
    path = folder / STATE_FILE
    return len(load_state(path, learner).active) if path.exists() else None
