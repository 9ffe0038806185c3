"""Printable PDFs through WeasyPrint: each learner's question paper and answer sheet, and the trainer's key.

WeasyPrint lays out HTML and CSS in-process (no browser to start, nothing fetched: fonts come from fontconfig,
the QR code is an inline SVG) and embeds subsets of the Noto CJK fonts, which are OpenType/CFF and so cannot
be embedded by reportlab. Sheet geometry is absolute CSS in millimetres taken from `layout`, so the printed
page and the scanner agree to the dot.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.grading import key_text
from ..core.messages import CATALOGUE, t
from ..core.model import Question
from .identity import sheet_ids
from .layout import LEFT, MARK, MARKERS, QR, SheetLayout

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Printed:
    """A rendered document and the pages that belong to each learner (in document order)."""

    document: Any  # a WeasyPrint document
    pages: dict[str, tuple[int, int]]

    def write(self, path: Path, learners: list[str] | None = None) -> Path:
        chosen = [p for who in (learners or list(self.pages)) for p in range(*self.pages[who])]
        path.parent.mkdir(parents=True, exist_ok=True)
        self.document.copy([self.document.pages[i] for i in chosen]).write_pdf(path)
        return path


def qr_uri(payload: str) -> str:
    import segno

    return segno.make(payload, error="m", micro=False).svg_data_uri(border=4, dark="#000")


def _item_view(item) -> dict:
    q = item.question
    head = t("paper.item_head", n=item.n, type=item.kind.label, points=q.points)
    options = [f"{label}．{q.option_text(v)}" for v, label in item.choices()] if item.kind.has_options else []
    hint = t(f"paper.{q.type}_hint", n=item.n, blanks=item.blanks) if f"paper.{q.type}_hint" in CATALOGUE else ""
    return {"head": head, "stem": q.stem, "options": options, "hint": hint}


def _sheet_page(layout: SheetLayout, sheet_id) -> dict:
    slots = [{"n": s.item.n, "type": t(f"paper.type.{s.item.type}"), "top": s.top, "bubbles": s.bubbles,
              "boxes": s.boxes} for s in layout.on_page(sheet_id.page)]
    return {"page": sheet_id.page, "qr": qr_uri(sheet_id.payload()), "slots": slots}


def paper_doc(layout: SheetLayout, name: str) -> dict:
    paper = layout.paper
    return {"title": paper.title, "name": name, "learner": paper.learner,
            "questions": [_item_view(i) for i in paper.items],
            "sheets": [_sheet_page(layout, sid) for sid in sheet_ids(layout)]}


def key_doc(layout: SheetLayout, name: str, keyed: dict[str, Question]) -> dict:
    rows = []
    for item in layout.paper.items:
        q = keyed[item.question.id]
        key = t("paper.manual") if item.kind.hand_graded else _printed_key(item, q)
        rows.append({"n": item.n, "type": t(f"paper.type.{q.type}"), "key": key, "item": q.id})
    return {"title": layout.paper.title, "name": name, "learner": layout.paper.learner, "key": rows}


def _printed_key(item, q: Question) -> str:
    """The key in printed letters (options may be shuffled on paper) followed by its text."""
    if item.kind.has_options:
        return f"{item.printed(item.kind.encode_key(q.answer))}（{key_text(q)}）"
    return key_text(q)


def render(docs: list[dict], title: str) -> Printed:
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from weasyprint import HTML

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["j2", "html"]))
    html = env.get_template("paper.html.j2").render(t=t, docs=docs, title=title, markers=MARKERS, mark=MARK,
                                                    qr=QR, left=LEFT)
    document = HTML(string=html, base_url=str(TEMPLATES)).render()
    return Printed(document, _learner_pages(document, [d["learner"] for d in docs]))


def _learner_pages(document, learners: list[str]) -> dict[str, tuple[int, int]]:
    starts: dict[int, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("learner-"):
                starts.setdefault(int(anchor.removeprefix("learner-")), number)
    bounds = [starts[k] for k in range(len(learners))] + [len(document.pages)]
    return {who: (bounds[k], bounds[k + 1]) for k, who in enumerate(learners)}
