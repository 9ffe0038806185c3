"""Moodle GIFT: choices with =/~ and %weights%, true/false, short answer, numeric, essay, feedback, categories."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.messages import t
from ..core.model import Question, count_blanks
from .notation import KIT_BLANK
from .records import Draft, Rejected, Where
from .textfile import read_text

SPECIAL = "\\~=#{}:"
_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]\s*")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_META = "// kit:"
_CLOZE = re.compile(r"^\s*\d*\s*:\s*(?:MC|MCV|MCH|MCS|MULTICHOICE\w*|SA|SAC|SHORTANSWER\w*|NM|NUMERICAL|MR|MRS|MULTIRESPONSE\w*)\s*:", re.I)
_HTML_TAG = re.compile(r"</?\s*(?:p|br|b|i|u|strong|em|span|div|font|sub|sup|ul|ol|li|img|table|tr|td|h\d|a)\b[^>]*>", re.I)
_LOOKS = re.compile(r"^::|^\$CATEGORY:|\{\s*(?:[=~#]|T\b|F\b|TRUE\b|FALSE\b|\})", re.M)


def looks_like(head: str) -> bool:
    return bool(_LOOKS.search(head))


@dataclass(frozen=True)
class Block:
    """One question's text (comments removed), where it starts, its category and kit metadata."""

    text: str
    line: int
    category: str = ""
    meta: str = ""


@dataclass(frozen=True)
class Answer:
    mark: str  # '=' right, '~' other
    weight: float | None
    text: str
    feedback: str


def read(path: Path) -> Iterator[Draft | Rejected]:
    for block in blocks(read_text(path)):
        yield parse(block, Where(str(path), block.line))


def blocks(text: str) -> Iterator[Block]:
    """Questions are separated by blank lines; `//` lines are comments, except `// kit:` metadata."""
    category, meta, lines, start = "", "", [], 0
    for number, line in enumerate(text.split("\n") + [""], start=1):
        stripped = line.strip()
        if stripped.startswith("$CATEGORY:"):
            category = stripped.removeprefix("$CATEGORY:").strip()
        elif stripped.startswith(_META):
            meta = stripped.removeprefix(_META).strip()
        elif stripped.startswith("//"):
            continue
        elif stripped:
            start = start or number
            lines.append(line)
        elif lines:
            yield Block("\n".join(lines).strip(), start, category, meta)
            meta, lines, start = "", [], 0


def find(text: str, token: str, start: int = 0) -> int:
    """Index of the first unescaped `token` at or after `start`, or -1."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text.startswith(token, i):
            return i
        else:
            i += 1
    return -1


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text).strip()


def escape(text: str) -> str:
    return "".join("\\" + c if c in SPECIAL else c for c in text).replace("\n", "\\n")


def parse(block: Block, where: Where) -> Draft | Rejected:
    text, title = _title(block.text)
    spans = answer_blocks(text)
    if not spans:
        return Rejected(where, "no_answer", t("import.gift_no_block"))
    if any(_CLOZE.match(text[a + 1:b]) for a, b in spans):
        return Rejected(where, "unknown_type", t("import.unsupported", kind=t("import.cloze")))
    if len(spans) > 1:
        return _blanks(Draft(where, "", id=title, **_meta(block)), text, spans)
    (opening, closing), = spans
    before, body, after = text[:opening], text[opening + 1:closing], text[closing + 1:]
    body, _, general = _split(body, "####")
    draft = Draft(where, "", id=title, explanation=text_of(general), **_meta(block))
    return _by_kind(draft, _stem(before, after), body.strip())


def answer_blocks(text: str) -> list[tuple[int, int]]:
    """Where each unescaped {…} answer block opens and closes."""
    spans, start = [], 0
    while (opening := find(text, "{", start)) >= 0:
        closing = find(text, "}", opening + 1)
        if closing < 0:
            break
        spans.append((opening, closing))
        start = closing + 1
    return spans


def _blanks(draft: Draft, text: str, spans: list[tuple[int, int]]) -> Draft | Rejected:
    """Several blocks are several blanks when each one lists only right answers ({=甲 =乙}); otherwise the
    question cannot be split faithfully and is rejected rather than half-read."""
    answers = [_answers(text[a + 1:b].strip()) for a, b in spans]
    if not all(found and all(x.mark == "=" and not x.feedback for x in found) for found in answers):
        return Rejected(draft.where, "unknown_type", t("import.gift_blocks", count=len(spans)))
    pieces = [text[:spans[0][0]], *(text[b + 1:a] for (_, b), (a, _) in zip(spans, spans[1:])), text[spans[-1][1] + 1:]]
    stem = KIT_BLANK.join(text_of(p) for p in pieces)
    return replace(draft, stem=stem, type="fill", answer=[[text_of(x.text) for x in found if x.weight in (None, 100)]
                                                          for found in answers])


def text_of(raw: str) -> str:
    """GIFT text as plain text: escapes undone, a [html]/[plain]/… marker dropped, HTML turned into its text."""
    text = unescape(raw)
    marker = _FORMAT.match(text)
    text = _FORMAT.sub("", text, count=1)
    if (marker and marker.group(1) == "html") or _HTML_TAG.search(text):
        return html_text(text)
    return text


def html_text(html: str) -> str:
    """<p>, <br> and <li> keep their line breaks; <b>, <span> and the rest leave only their text."""
    from bs4 import BeautifulSoup  # a real HTML parser: entities, unclosed tags and comments handled

    soup = BeautifulSoup(html, "html.parser")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(["p", "div", "li", "tr", "h1", "h2", "h3", "h4"]):
        block.append("\n")
    return re.sub(r"[ \t]*\n\s*", "\n", soup.get_text()).strip()


def _title(text: str) -> tuple[str, str]:
    if text.startswith("::"):
        end = find(text, "::", 2)
        if end > 0:
            return _FORMAT.sub("", text[end + 2:].lstrip()), unescape(text[2:end])
    return _FORMAT.sub("", text), ""


def _split(text: str, token: str) -> tuple[str, str, str]:
    at = find(text, token)
    return (text, "", "") if at < 0 else (text[:at], token, text[at + len(token):])


def _stem(before: str, after: str) -> str:
    """Text after the answer block makes it a missing-word question: the block becomes a blank."""
    if after.strip():
        return f"{text_of(before)}{KIT_BLANK}{text_of(after)}"
    return text_of(before)


def _meta(block: Block) -> dict:
    try:
        meta = json.loads(block.meta) if block.meta else {}
    except json.JSONDecodeError:  # a hand-edited comment: GIFT itself ignores comments, so do we
        meta = {}
    meta = meta if isinstance(meta, dict) else {}
    tags = meta.get("tags", [block.category.rstrip("/").rsplit("/", 1)[-1]] if block.category else [])
    return {"points": meta.get("points"), "difficulty": meta.get("difficulty"), "tags": tuple(tags),
            "reference": meta.get("reference", ""), "rubric": tuple(meta.get("rubric", ()))}


def _by_kind(draft: Draft, stem: str, body: str) -> Draft | Rejected:
    head = _split(body, "#")[0].strip().upper()
    if not body:
        return replace(draft, stem=stem, type="short")
    if head in ("T", "TRUE", "F", "FALSE"):
        return replace(draft, stem=stem, type="judge", answer=head.startswith("T"))
    if body.startswith("#"):
        return _numeric(draft, stem, body[1:])
    answers = _answers(body)
    if any(find(a.text, "->") >= 0 for a in answers):
        return Rejected(draft.where, "unknown_type", t("import.unsupported", kind="GIFT matching"))
    if all(a.mark == "=" for a in answers):
        return replace(draft, stem=_with_blank(stem), type="fill", answer=[[text_of(a.text) for a in answers
                                                                             if a.weight in (None, 100)]])
    return _choice(draft, stem, answers)


def _with_blank(stem: str) -> str:
    return stem if count_blanks(stem) else f"{stem}{KIT_BLANK}"


def _answers(body: str) -> list[Answer]:
    """Each answer starts at an unescaped = or ~; Moodle reads `~=right` as a right answer."""
    marks = [i for i in range(len(body)) if body[i] in "=~" and _unescaped(body, i)]
    starts = [i for i in marks if not (body[i] == "=" and i > 0 and body[i - 1] == "~" and i - 1 in marks)]
    pieces = [body[a:b] for a, b in zip(starts, starts[1:] + [len(body)])]
    return [_answer(piece) for piece in pieces]


def _unescaped(text: str, i: int) -> bool:
    return (len(text[:i]) - len(text[:i].rstrip("\\"))) % 2 == 0


def _answer(piece: str) -> Answer:
    mark, rest = ("=", piece[2:].strip()) if piece.startswith("~=") else (piece[0], piece[1:].strip())
    weight = _WEIGHT.match(rest)
    rest = rest[weight.end():] if weight else rest
    text, _, feedback = _split(rest, "#")
    return Answer(mark, float(weight.group(1)) if weight else None, text.strip(), text_of(feedback))


def _choice(draft: Draft, stem: str, answers: list[Answer]) -> Draft:
    letters = "ABCDEFGHIJKLMNOP"[: len(answers)]
    marked = [x for x, a in zip(letters, answers) if a.mark == "="]
    right = marked or [x for x, a in zip(letters, answers) if (a.weight or 0) > 0]
    return replace(
        draft, stem=stem, type="multiple" if len(right) > 1 else "single", answer=right,
        options=tuple((x, text_of(a.text)) for x, a in zip(letters, answers)),
        feedback=tuple((x, a.feedback) for x, a in zip(letters, answers) if a.feedback),
    )


def _numeric(draft: Draft, stem: str, body: str) -> Draft | Rejected:
    first = _answers(body)[0].text if body.lstrip().startswith("=") else _split(body, "#")[0]
    value, _, tolerance = first.strip().partition(":")
    if ".." in value:
        return Rejected(draft.where, "unknown_type", t("import.unsupported", kind=f"GIFT numeric range {value}"))
    notes = (t("import.tolerance", value=value, tolerance=tolerance),) if tolerance.strip("0. ") else ()
    return replace(draft, stem=_with_blank(stem), type="fill", answer=[[value]], notes=notes)


def write(questions: Sequence[Question], out: Path) -> list[str]:
    """Every item as GIFT; `// kit:` comments carry what GIFT cannot (points, difficulty, tags, reference)."""
    parts, notes = [], []
    for q in questions:
        if q.type == "fill" and len(q.answer or ()) != 1:
            notes.append(t("export.skipped", id=q.id, format="GIFT", reason=t("export.gift_multi_blank")))
            continue
        parts.append(f"{_KIT_META}{json.dumps(_meta_of(q), ensure_ascii=False)}\n{_question(q)}")
    out.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return notes


_KIT_META = _META + " "


def _meta_of(q: Question) -> dict:
    points = int(q.points) if q.points.is_integer() else q.points
    meta = {"points": points, "difficulty": q.difficulty, "tags": list(q.tags), "reference": q.reference,
            "rubric": list(q.rubric)}
    return {k: v for k, v in meta.items() if v not in ("", [])}


def _question(q: Question) -> str:
    general = f"####{escape(q.explanation)}" if q.explanation else ""
    if q.type == "fill":
        before, _, after = q.stem.partition(KIT_BLANK)
        alternatives = " ".join(f"={escape(x)}" for x in q.answer[0])
        return f"::{q.id}::{escape(before)}{{{alternatives}{general}}}{escape(after)}"
    return f"::{q.id}::{escape(q.stem)}{{{_block(q)}{general}}}"


def _block(q: Question) -> str:
    if q.type == "judge":
        return "TRUE" if q.answer else "FALSE"
    if q.type == "short":
        return ""
    right = {q.answer} if q.type == "single" else set(q.answer)
    feedback = dict(q.feedback)
    lines = [f"{_mark(q, oid in right, len(right))}{escape(text)}" + (f"#{escape(feedback[oid])}" if oid in feedback else "")
             for oid, text in q.options]
    return "\n" + "\n".join(lines) + "\n"


def _mark(q: Question, right: bool, count: int) -> str:
    if q.type == "single":
        return "=" if right else "~"
    return f"~%{100 / count:.5f}".rstrip("0").rstrip(".") + "%" if right else "~%-100%"
