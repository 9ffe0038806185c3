"""A flagged item's bank file as a read-only page: numbered lines, each with an #L<n> anchor, the flagged lines marked,
every character escaped. Written under the course, where the course's Jupyter server serves it (signed in) beside the
reports, so the link works the same from `kit console`, `kit lab` and a trainer's hub server, with nothing from outside."""
from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable
from pathlib import Path

from ..core.messages import t
from .flags import ItemWarning

FOLDER = Path("kit") / "source"  # under the course folder (trainers only: it holds every key already)
STYLE = """<style>
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif; font-size: 18px; margin: 1em; }
h1 { font-size: 24px; color: #b71c1c; } .kit-path { color: #444; }
ol.kit-source { font-family: "Noto Sans Mono CJK SC", "Noto Sans Mono", monospace; padding-left: 4.5em; }
ol.kit-source li { white-space: pre-wrap; padding: 0 0.4em; scroll-margin-top: 5em; }
ol.kit-source li::marker { color: #888; }
li.kit-flagged { background: #fff3e0; border-left: 5px solid #e65100; }
li:target { background: #ffe082; outline: 3px solid #b71c1c; }
</style>"""


def source_page(shown_as: str, text: str, flagged: Iterable[int]) -> str:
    """The whole page for one file; `flagged` are line numbers (1-based) to mark."""
    marked = set(flagged)
    lines = "".join(f'<li id="L{n}" class="{"kit-flagged" if n in marked else "kit-line"}">{html.escape(line)}</li>'
                    for n, line in enumerate(text.splitlines() or [""], 1))
    title = html.escape(t("console.source.title"))
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>{STYLE}</head>'
            f'<body><h1>{title}</h1><p class="kit-path">{html.escape(shown_as)}</p>'
            f'<p>{html.escape(t("console.source.hint"))}</p><ol class="kit-source">{lines}</ol></body></html>')


def view_name(file: str) -> Path:
    """One page per bank file; the digest keeps two banks of the same name in different folders apart."""
    digest = hashlib.sha256(file.encode("utf-8")).hexdigest()[:8]
    return FOLDER / f"{Path(file).name}-{digest}.html"


def write_sources(root: Path, warnings: tuple[ItemWarning, ...]) -> dict[str, str]:
    """Write (when changed) the page of every flagged item's bank file; returns file → its page, relative to the
    course. A file that cannot be read (moved since the build) gets no page: its place stays as text."""
    pages = {}
    for file in sorted({w.file for w in warnings if w.file}):
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        relative = view_name(file)
        page = source_page(file, text, (w.line for w in warnings if w.file == file))
        path = Path(root) / relative
        if not path.exists() or path.read_text(encoding="utf-8") != page:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page, encoding="utf-8")
        pages[file] = relative.as_posix()
    return pages
