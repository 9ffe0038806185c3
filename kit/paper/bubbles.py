"""Read one straightened sheet page: how dark each bubble is, what that means, and crops of write-in boxes.

A bubble counts as filled at FILLED darkness or more and as empty below EMPTY (0 is paper, 1 is the ink of the
corner markers); anything between is a faint mark. Never guess: faint marks, two marks on a one-answer item,
and every write-in box go to the review list with a picture.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from .layout import MARK, MARKERS, Box, Slot
from .markers import PX_PER_MM

FILLED, EMPTY = 0.45, 0.2
INNER = 0.6  # share of the bubble's radius that is read (the printed outline stays outside)
SHIFT = 1.0  # mm: the read disc may sit this far off, for sheets that are not perfectly flat
BLANK_INK = 0.004  # share of a box's pixels with ink below which it looks empty


@dataclass(frozen=True)
class Levels:
    paper: float
    ink: float

    def darkness(self, mean: float) -> float:
        return float(np.clip((self.paper - mean) / max(self.paper - self.ink, 1.0), 0.0, 1.0))


@dataclass(frozen=True)
class Reading:
    """What the sheet says for one item. `status` is clear (the response stands) or a reason for review."""

    slot: Slot
    status: str  # clear | double | faint | write
    response: Any = None
    seen: str = ""
    crop: bytes = b""

    @property
    def clear(self) -> bool:
        return self.status == "clear"


def levels(sheet: np.ndarray) -> Levels:
    """Paper white from the sheet itself, ink black from the inside of the corner markers."""
    k, half = PX_PER_MM, MARK * 0.3
    inks = [np.median(sheet[round((y - half) * k):round((y + half) * k), round((x - half) * k):round((x + half) * k)])
            for x, y in MARKERS]
    return Levels(float(np.percentile(sheet[::4, ::4], 90)), float(np.median(inks)))


def _disc(radius: float) -> np.ndarray:
    r = int(np.ceil(radius))
    yy, xx = np.mgrid[-r:r + 1, -r:r + 1]
    return (xx * xx + yy * yy) <= radius * radius


def bubble_darkness(sheet: np.ndarray, x: float, y: float, r: float, lv: Levels) -> float:
    """The darkest reading of the bubble's inner disc within SHIFT of where the layout puts it, against the
    paper right around the bubble (light falls unevenly on a photographed sheet)."""
    k = PX_PER_MM
    disc = _disc(r * INNER * k)
    half, around = disc.shape[0] // 2, round((r + 2 * SHIFT + 1.5) * k)
    cx, cy = round(x * k), round(y * k)
    local = Levels(float(np.percentile(sheet[cy - around:cy + around:3, cx - around:cx + around:3], 90)), lv.ink)
    best = 0.0
    for dx in (-SHIFT, 0.0, SHIFT):
        for dy in (-SHIFT, 0.0, SHIFT):
            sx, sy = round((x + dx) * k), round((y + dy) * k)
            window = sheet[sy - half:sy + half + 1, sx - half:sx + half + 1]
            if window.shape == disc.shape:
                best = max(best, local.darkness(float(window[disc].mean())))
    return best


def classify(slot: Slot, darkness: list[float]) -> tuple[str, Any]:
    """(status, response) for a row of bubbles; a response only when the status is clear."""
    filled = [b.value for b, d in zip(slot.bubbles, darkness) if d >= FILLED]
    faint = [b for b, d in zip(slot.bubbles, darkness) if EMPTY <= d < FILLED]
    if faint:
        return "faint", None
    if slot.item.kind.many:
        return "clear", sorted(filled) or None
    if len(filled) > 1:
        return "double", None
    return "clear", (filled[0] if filled else None)


def seen_text(slot: Slot, darkness: list[float]) -> str:
    """What the reader saw, for the trainer: ● filled, ◐ faint."""
    marks = [f"{b.label}{'●' if d >= FILLED else '◐'}" for b, d in zip(slot.bubbles, darkness) if d >= EMPTY]
    return " ".join(marks)


def crop(sheet: np.ndarray, x: float, y: float, w: float, h: float) -> bytes:
    k = PX_PER_MM
    part = sheet[max(0, round(y * k)):round((y + h) * k), max(0, round(x * k)):round((x + w) * k)]
    return cv2.imencode(".png", part, [cv2.IMWRITE_PNG_COMPRESSION, 1])[1].tobytes()


def box_ink(sheet: np.ndarray, box: Box, lv: Levels) -> float:
    k, inset = PX_PER_MM, 1.0
    part = sheet[round((box.y + inset) * k):round((box.y + box.h - inset) * k),
                 round((box.x + inset) * k):round((box.x + box.w - inset) * k)]
    return float((part < (lv.paper + lv.ink) / 2).mean()) if part.size else 0.0


def read_slot(sheet: np.ndarray, slot: Slot, lv: Levels) -> Reading:
    if slot.boxes:
        inked = [box_ink(sheet, b, lv) >= BLANK_INK for b in slot.boxes]
        return Reading(slot, "write", None, "write" if any(inked) else "blank", _picture(sheet, slot))
    darkness = [bubble_darkness(sheet, b.x, b.y, b.r, lv) for b in slot.bubbles]
    status, response = classify(slot, darkness)
    picture = b"" if status == "clear" else _picture(sheet, slot)
    return Reading(slot, status, response, seen_text(slot, darkness), picture)


def _picture(sheet: np.ndarray, slot: Slot) -> bytes:
    """The slot's strip of the sheet (number, bubbles or boxes), for the trainer to look at."""
    return crop(sheet, 16.0, slot.top, 178.0, slot.height)


def read_page(sheet: np.ndarray, slots: tuple[Slot, ...]) -> list[Reading]:
    lv = levels(sheet)
    return [read_slot(sheet, s, lv) for s in slots]
