"""The kit's two nbgrader preprocessors, registered by name in the course's nbgrader_config.py."""
from __future__ import annotations

import ast
import html
import json
import re
from pathlib import Path

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from ..core.answers import answers_path, read_sheet
from .slot import slot_result
from ..core.grading import key_text, response_text
from ..core.model import question_from_dict
from ..core.messages import language, t
from ..course.cells import KIT, SHORT_PLACEHOLDER

GRADER_ONLY = re.compile(r"\n*<details class=\"kit-grader-only\">.*?</details>\n*", re.S)


def _manifest(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8")) if path and Path(path).exists() else {"items": {}}


def _kit(cell: NotebookNode) -> dict:
    return cell.metadata.get(KIT, {})


class FillShortAnswers(NbGraderPreprocessor):
    """Copy each short answer from the learner's answers file into its hand-graded markdown cell."""

    manifest = Unicode("", help="Path of the course's kit/manifest.json (references and rubrics).").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict):
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        path = answers_path(folder / f"{resources.get('unique_key', '')}.ipynb")
        sheet = read_sheet(path)
        items = _manifest(self.manifest).get("items", {})
        for cell in nb.cells:
            meta = _kit(cell)
            if cell.cell_type == "markdown" and meta.get("item") and sheet is not None:
                answer = sheet.response(meta["quiz"], meta["item"])
                if answer:
                    cell.source = self._answer_cell(cell.source, str(answer), items.get(meta["item"], {}))
        return nb, resources

    @staticmethod
    def _answer_cell(typed: str, answer: str, item: dict) -> str:
        parts = [answer]
        if typed.strip() and typed.strip() != SHORT_PLACEHOLDER:
            parts.append(typed.strip())
        rubric = "".join(f"<li>{html.escape(r)}</li>" for r in item.get("rubric", []))
        parts.append(f'<details class="kit-grader-only"><summary>{t("course.grader_only")}</summary>'
                     f'<p>{html.escape(item.get("reference", ""))}</p><ul>{rubric}</ul></details>')
        return "\n\n".join(parts)


class KitFeedback(NbGraderPreprocessor):
    """Replace hidden grading code in the feedback with the learner's answer, the key, 解析 and source."""

    manifest = Unicode("", help="Path of the course's kit/manifest.json.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict):
        manifest = _manifest(self.manifest)
        self._items = manifest.get("items", {})
        titles = {x["notebook"]: x["title"] for x in manifest.get("lessons", {}).values()}
        self._folder = Path(resources.get("metadata", {}).get("path") or ".")
        self._student = resources.get("nbgrader", {}).get("student")
        nb.cells = [cell for cell in nb.cells if not self._widget_only(cell)]
        for cell in nb.cells:
            self._cell(cell)
        grades = resources.get("nbgrader", {})
        resources["kit_labels"] = labels({**grades, "notebook": titles.get(grades.get("notebook"), grades.get("notebook", ""))})
        return nb, resources

    @staticmethod
    def _widget_only(cell: NotebookNode) -> bool:
        """Quiz and submit cells show widgets in JupyterLab; on a static page their place is the tables."""
        meta = _kit(cell)
        return cell.cell_type == "code" and ("submit" in meta or ("quiz" in meta and "slot" not in meta))

    def _cell(self, cell: NotebookNode) -> None:
        meta = _kit(cell)
        call = _call_args(cell.source) if cell.cell_type == "code" else {}
        if call:  # a grading cell (also one nbgrader put back after a learner deleted it)
            cell.source, cell.outputs = "", [self._row(call)]
            cell.metadata["kit_heading"] = t("feedback.question", n=call["slot"])
        elif cell.cell_type == "markdown" and "item" in meta:
            cell.source = GRADER_ONLY.sub("\n", cell.source).strip()

    def _row(self, call: dict) -> NotebookNode:
        item, result, problem = slot_result(call["answers_file"], call["quiz"], call["slot"], call["draw"],
                                            call["keys"], folder=self._folder, learner=self._student)
        body = feedback_table(self._items.get(item or "", {}), result, problem, self._folder / call["answers_file"],
                              call["quiz"])
        return NotebookNode({"output_type": "display_data", "metadata": {}, "data": {"text/html": body}})


_CALL = re.compile(r"^score\(.*?\)$", re.M | re.S)


def _call_args(source: str) -> dict:
    """The keyword arguments of a hidden score(...) call: a literal the kit wrote itself, never executed here."""
    found = _CALL.search(source)
    if not found:
        return {}
    try:
        call = ast.parse(found.group(0), mode="eval").body
        return {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords}
    except (SyntaxError, ValueError):
        return {}


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
