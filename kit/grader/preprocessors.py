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

from ..answers import read_sheet
from ..autograder import slot_result
from ..grading import key_text, response_text
from ..model import question_from_dict
from .cells import KIT, SHORT_PLACEHOLDER

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
        path = folder / f"{resources.get('unique_key', '')}.answers.json"
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
        parts.append(f'<details class="kit-grader-only"><summary>评分参考（仅评分人可见）</summary>'
                     f'<p>{html.escape(item.get("reference", ""))}</p><ul>{rubric}</ul></details>')
        return "\n\n".join(parts)


class KitFeedback(NbGraderPreprocessor):
    """Replace hidden grading code in the feedback with the learner's answer, the key, 解析 and source."""

    manifest = Unicode("", help="Path of the course's kit/manifest.json.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict):
        self._items = _manifest(self.manifest).get("items", {})
        self._folder = Path(resources.get("metadata", {}).get("path") or ".")
        self._student = resources.get("nbgrader", {}).get("student")
        for cell in nb.cells:
            self._cell(cell)
        return nb, resources

    def _cell(self, cell: NotebookNode) -> None:
        meta = _kit(cell)
        call = _call_args(cell.source) if cell.cell_type == "code" else {}
        if call:  # a grading cell (also one nbgrader put back after a learner deleted it)
            cell.source, cell.outputs = "", [self._row(call)]
        elif cell.cell_type == "code" and "quiz" in meta:
            cell.source, cell.outputs = "", []
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


def feedback_table(item: dict, result, problem: str, answers: Path, quiz: str) -> str:
    if not item:
        return f"<p>{html.escape(problem or '无法读取作答记录')}</p>"
    q = question_from_dict(item)
    sheet = read_sheet(answers)
    response = sheet.response(quiz, q.id) if sheet else None
    score = f"{result.points:g} / {result.max_points:g}" if result else "0"
    rows = [("题目", q.stem), ("您的答案", response_text(q, response)), ("正确答案", key_text(q)),
            ("得分", score), ("解析", q.explanation), ("出处", q.source.cite() if q.source else "")]
    body = "".join(f"<tr><th>{k}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    return f'<table class="kit-feedback">{body}</table>'
