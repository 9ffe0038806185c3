"""Where everything sits on the answer sheet, in millimetres from the sheet's top-left corner (A4 portrait).

One pure function places the bubbles and write-in boxes; printing draws them there and scanning reads them
there, so the two can never disagree.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .items import PaperItem, PaperQuiz

WIDTH, HEIGHT = 210.0, 297.0
MARK = 10.0  # side of a corner marker
MARKERS = ((15.0, 15.0), (195.0, 15.0), (195.0, 282.0), (15.0, 282.0))  # centres: TL, TR, BR, BL
QR = (158.0, 24.0, 32.0)  # x, y, side (quiet zone included)
BODY_TOP, BODY_BOTTOM = 66.0, 268.0
ROW = 12.0  # a choice row
RADIUS = 3.5  # bubble
FIRST_BUBBLE, PITCH, JUDGE_PITCH = 62.0, 19.0, 28.0
FILL_BOX = (58.0, 12.0)  # width, height of one blank's box
BOX_LEFT, BOX_GAP = 56.0, 14.0
FILL_ROW = 16.0
SHORT_BOX = 56.0
LEFT, RIGHT = 22.0, 188.0


@dataclass(frozen=True)
class Bubble:
    value: Any
    label: str
    x: float
    y: float
    r: float = RADIUS


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Slot:
    """One question's place on a sheet page: a row of bubbles or a set of write-in boxes."""

    item: PaperItem
    page: int
    top: float
    height: float
    bubbles: tuple[Bubble, ...] = ()
    boxes: tuple[Box, ...] = ()


@dataclass(frozen=True)
class SheetLayout:
    paper: PaperQuiz
    slots: tuple[Slot, ...]

    @property
    def pages(self) -> int:
        return max((s.page for s in self.slots), default=1)

    def on_page(self, page: int) -> tuple[Slot, ...]:
        return tuple(s for s in self.slots if s.page == page)


def _height(item: PaperItem) -> float:
    if item.kind.has_blanks:
        return FILL_ROW * ((item.blanks + 1) // 2)
    if item.kind.hand_graded:
        return SHORT_BOX + 8.0
    return ROW


def _slot(item: PaperItem, page: int, top: float) -> Slot:
    height = _height(item)
    if not item.kind.closed:
        return Slot(item, page, top, height, boxes=_boxes(item, top))
    y, pitch = top + ROW / 2, PITCH if item.kind.has_options else JUDGE_PITCH
    bubbles = tuple(Bubble(value, label, FIRST_BUBBLE + k * pitch, y)
                    for k, (value, label) in enumerate(item.choices()))
    return Slot(item, page, top, height, bubbles=bubbles)


def _boxes(item: PaperItem, top: float) -> tuple[Box, ...]:
    if item.kind.hand_graded:
        return (Box(BOX_LEFT, top + 2.0, RIGHT - BOX_LEFT, SHORT_BOX),)
    w, h = FILL_BOX
    return tuple(Box(BOX_LEFT + (k % 2) * (w + BOX_GAP), top + 2.0 + (k // 2) * FILL_ROW, w, h)
                 for k in range(item.blanks))


def sheet_layout(paper: PaperQuiz) -> SheetLayout:
    """Place every item in order, top to bottom, starting a new sheet page when one is full."""
    slots, page, top = [], 1, BODY_TOP
    for item in paper.items:
        if top + _height(item) > BODY_BOTTOM and top > BODY_TOP:
            page, top = page + 1, BODY_TOP
        slots.append(_slot(item, page, top))
        top += _height(item)
    return SheetLayout(paper, tuple(slots))
