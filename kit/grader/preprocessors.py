"""The kit's nbgrader preprocessors, registered by name in the course's nbgrader_config.py."""
from __future__ import annotations

import html
import re
from pathlib import Path

from nbformat.notebooknode import NotebookNode
from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor, OverwriteCells
from traitlets import Unicode

from ..core.answers import answers_path, read_sheet
from ..core.grading import key_text, response_text
from ..core.messages import language, t
from ..core.types import question_from_dict
from ..course.cells import KIT, SHORT_PLACEHOLDER
from ..course.manifest import Manifest
from . import slot
from .kernelfree import is_inert_call, is_slot, own_cells

GRADER_ONLY = re.compile(r"\n*<details class=\"kit-grader-only\">.*?</details>\n*", re.S)


def _kit(cell: NotebookNode) -> dict:
    return cell.metadata.get(KIT, {})


class RestoreCells(OverwriteCells):
    """nbgrader's OverwriteCells; a deleted grading cell comes back after the nearest earlier cell still there.

    nbgrader puts a missing cell after the previous *grade* cell, and fails when that is a locked cell (the first
    grading cell follows the quiz cell): the kit looks back to any cell with a grade id.
    """

    def add_missing_grade_cells(self, nb: NotebookNode, resources: dict):
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        sources = {c.name: c for c in source_nb.source_cells}
        grade_cells = {c.name: c for c in source_nb.grade_cells}
        solutions = {c.name for c in source_nb.solution_cells}
        order = list(sources)
        for name in order:
            if name not in grade_cells or name in _grade_ids(nb):
                continue
            self.log.warning("Missing grade cell %s encountered, adding to notebook", name)
            cell = self.missing_cell_transform(sources[name], grade_cells[name].max_score, is_solution=name in solutions)
            nb.cells.insert(_position(nb, order[:order.index(name)]), cell)
        return nb, resources


def _grade_ids(nb: NotebookNode) -> dict[str, int]:
    return {cell.metadata.get("nbgrader", {}).get("grade_id"): i for i, cell in enumerate(nb.cells)}


def _position(nb: NotebookNode, earlier: list[str]) -> int:
    where = _grade_ids(nb)
    return next((where[name] + 1 for name in reversed(earlier) if name in where), 0)


def learner_markdown(text: str) -> str:
    """Learner text as Markdown that renders as the very characters typed: no HTML, no links, no images."""
    return html.escape(MARKDOWN_SPECIAL.sub(r"\\\g<0>", text), quote=False).replace("\n", "  \n")


MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|~]")


def _is_trainers(cell: NotebookNode) -> bool:
    """Locked with a grade id: OverwriteCells has put back the gradebook's own source for it."""
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("locked")) and bool(meta.get("grade_id"))


class FillShortAnswers(NbGraderPreprocessor):
    """Copy each short answer from the learner's answers file into its hand-graded markdown cell, escaped.

    Every other Markdown or raw cell that is not the trainer's own is escaped too, so that what a learner typed
    shows as text in formgrader and on the feedback page, never as HTML.
    """

    manifest = Unicode("", help="Path of the course's kit/manifest.json (references and rubrics).").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict):
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        path = answers_path(folder / f"{resources.get('unique_key', '')}.ipynb")
        sheet = read_sheet(path)
        items = Manifest.load(self.manifest).items if self.manifest else {}
        for cell in nb.cells:
            meta = _kit(cell)
            if cell.cell_type == "markdown" and meta.get("item"):
                answer = sheet.response(meta["quiz"], meta["item"]) if sheet is not None else None
                cell.source = self._answer_cell(cell.source, answer, items.get(meta["item"], {}))
            elif cell.cell_type in ("markdown", "raw") and not _is_trainers(cell):
                cell.cell_type, cell.source = "markdown", learner_markdown(cell.source)
                cell.metadata.pop("format", None)
                cell.metadata.pop("raw_mimetype", None)
        return nb, resources

    @staticmethod
    def _answer_cell(typed: str, answer, item: dict) -> str:
        parts = [learner_markdown(str(answer))] if answer else []
        if typed.strip() and typed.strip() != SHORT_PLACEHOLDER:
            parts.append(learner_markdown(typed.strip()))
        if not parts:
            return typed
        rubric = "".join(f"<li>{html.escape(r)}</li>" for r in item.get("rubric", []))
        parts.append(f'<details class="kit-grader-only"><summary>{t("course.grader_only")}</summary>'
                     f'<p>{html.escape(item.get("reference", ""))}</p><ul>{rubric}</ul></details>')
        return "\n\n".join(parts)


class KitFeedback(NbGraderPreprocessor):
    """Replace the grading cells in the feedback with the learner's answer, the key, 解析 and source.

    Only the cells the gradebook itself holds for this notebook are read, and each from the gradebook's source,
    for the learner nbgrader is giving feedback to: nothing a learner put in the submission can name an item.
    """

    manifest = Unicode("", help="Path of the course's kit/manifest.json.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict):
        manifest = Manifest.load(self.manifest) if self.manifest else Manifest.empty()
        self._items = manifest.items
        self._folder = Path(resources.get("metadata", {}).get("path") or ".")
        info = resources.get("nbgrader", {})
        self._student = info.get("student")
        with Gradebook(info["db_url"]) as gradebook:
            self._own = own_cells(gradebook, info["notebook"], info["assignment"])
        nb.cells = [cell for cell in nb.cells if not self._widget_only(cell)]
        for cell in nb.cells:
            self._cell(cell)
        titles = {x.notebook: x.title for x in manifest.lessons.values()}
        resources["kit_labels"] = labels({**info, "notebook": titles.get(info.get("notebook"), info.get("notebook", ""))})
        return nb, resources

    def _own_source(self, cell: NotebookNode) -> str | None:
        return self._own.sources.get(cell.metadata.get("nbgrader", {}).get("grade_id") or "")

    def _widget_only(self, cell: NotebookNode) -> bool:
        """Quiz and submit cells show widgets in JupyterLab; on a static page their place is the tables."""
        source = self._own_source(cell) if cell.cell_type == "code" else None
        return source is not None and is_inert_call(source)

    def _cell(self, cell: NotebookNode) -> None:
        source = self._own_source(cell) if cell.cell_type == "code" else None
        if source is not None and is_slot(source):  # a grading cell (also one put back after a learner deleted it)
            call = slot.parse(source)
            cell.source, cell.outputs = "", [self._row(call)]
            cell.metadata["kit_heading"] = t("feedback.question", n=call.slot)
        elif cell.cell_type == "markdown" and "item" in _kit(cell):
            cell.source = GRADER_ONLY.sub("\n", cell.source).strip()

    def _row(self, call: slot.SlotCall) -> NotebookNode:
        item, result, problem = slot.slot_result(call.answers_file, call.quiz, call.slot, call.draw, call.keys,
                                                 folder=self._folder, learner=self._student)
        body = feedback_table(self._items.get(item or "", {}), result, problem, self._folder / call.answers_file,
                              call.quiz)
        return NotebookNode({"output_type": "display_data", "metadata": {}, "data": {"text/html": body}})


def labels(grades: dict) -> dict[str, str]:
    """The feedback template's texts, from the one catalogue."""
    return {"lang": "en" if language() == "en" else "zh-CN",
            "title": t("feedback.title", notebook=grades.get("notebook", "")),
            "total": t("feedback.total", score=float(grades.get("score") or 0), max=float(grades.get("max_score") or 0)),
            "late": t("feedback.late", penalty=float(grades.get("late_penalty") or 0)),
            "written": t("feedback.written"), "comment": t("feedback.comment"), "points_prefix": t("feedback.points")}


def feedback_table(item: dict, result, problem: str, answers: Path, quiz: str) -> str:
    if not item:
        return f"<p>{html.escape(problem or t('feedback.unreadable'))}</p>"
    q = question_from_dict(item)
    sheet = read_sheet(answers)
    response = sheet.response(quiz, q.id) if sheet else None
    score = f"{result.points:g} / {result.max_points:g}" if result else "0"
    rows = [("stem", q.stem), ("yours", response_text(q, response)), ("key", key_text(q)), ("score", score),
            ("explanation", q.explanation), ("source", q.source.cite() if q.source else "")]
    body = "".join(f"<tr><th>{t('feedback.' + k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    return f'<table class="kit-feedback">{body}</table>'
