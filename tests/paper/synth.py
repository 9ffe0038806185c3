"""Synthetic filled answer sheets: marks drawn where the layout puts bubbles, then a scanner's or a phone's damage."""
from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pypdfium2 as pdfium

from kit.core.model import Question
from kit.demo import simulated_response
from kit.paper.items import PaperItem
from kit.paper.layout import Slot

INK, FAINT = 35, 190  # grey levels of a pen stroke and of a light pencil touch
WHO = re.compile(r"学号：(\S+)")


@dataclass(frozen=True)
class Raster:
    learner: str
    page: int  # sheet page number (1-based) within the learner's sheets
    image: np.ndarray
    dpi: int


def sheet_rasters(pdf_path: Path, dpi: int | Callable[[str], int]) -> list[Raster]:
    """Every answer-sheet page of a printed PDF at `dpi` (or at dpi(learner)), found by its title and learner id."""
    pdf, out, count = pdfium.PdfDocument(str(pdf_path)), [], {}
    try:
        for number in range(len(pdf)):
            text = pdf[number].get_textpage().get_text_range()
            if not text.lstrip().startswith("答题卡"):
                continue
            learner = WHO.search(text)[1]
            count[learner] = count.get(learner, 0) + 1
            at = dpi(learner) if callable(dpi) else dpi
            image = pdf[number].render(scale=at / 72, grayscale=True).to_numpy()
            out.append(Raster(learner, count[learner], np.ascontiguousarray(image), at))
    finally:
        pdf.close()
    return out


def known_response(item: PaperItem, keyed: Question, rng: random.Random) -> Any:
    """What a simulated member answers: right, wrong, partly right, or nothing."""
    if rng.random() < 0.1:
        return None
    response = simulated_response(keyed, rng.random() < 0.6, rng)
    return sorted(response) if item.type == "multiple" else response


def _px(mm: float, dpi: int) -> int:
    return round(mm * dpi / 25.4)


def fill_bubble(image: np.ndarray, bubble, dpi: int, level: int = INK) -> None:
    cv2.circle(image, (_px(bubble.x, dpi), _px(bubble.y, dpi)), _px(bubble.r * 0.85, dpi), level, -1, cv2.LINE_AA)


def mark_slot(image: np.ndarray, slot: Slot, response: Any, dpi: int, level: int = INK) -> None:
    """Fill the bubbles for `response` (by stored value), or scribble in the boxes of a write-in item."""
    if slot.boxes:
        if response is not None:
            for box in slot.boxes:
                y = _px(box.y + box.h / 2, dpi)
                cv2.line(image, (_px(box.x + 4, dpi), y), (_px(box.x + box.w / 2, dpi), y - _px(2, dpi)), INK, 3)
        return
    chosen = set(response) if isinstance(response, list) else {response}
    for bubble in slot.bubbles:
        if bubble.value in chosen and response is not None:
            fill_bubble(image, bubble, dpi, level)


def scanned(image: np.ndarray, rng: random.Random, *, angle: float | None = None, quality: int = 75) -> bytes:
    """A copier's scan: a small rotation, sensor noise, JPEG compression."""
    h, w = image.shape
    angle = rng.uniform(-3, 3) if angle is None else angle
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(image, matrix, (w, h), borderValue=255, flags=cv2.INTER_LINEAR)
    return cv2.imencode(".jpg", noisy(turned, 6, rng), [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes()


def noisy(image: np.ndarray, sigma: float, rng: random.Random) -> np.ndarray:
    """Gaussian sensor noise (OpenCV's generator: fast enough for 300 dpi pages)."""
    cv2.setRNGSeed(rng.randrange(1 << 30))
    noise = np.empty(image.shape, np.int16)
    cv2.randn(noise, 0, sigma)
    return np.clip(image.astype(np.int16) + noise, 0, 255).astype(np.uint8)


def photographed(image: np.ndarray, rng: random.Random, size: tuple[int, int] = (3024, 4032)) -> bytes:
    """A phone photo: the sheet seen at an angle on a darker desk, uneven light, blur, noise, JPEG."""
    h, w = image.shape
    width, height = size
    inset = [(rng.uniform(0.06, 0.16) * width, rng.uniform(0.05, 0.12) * height) for _ in range(4)]
    target = np.float32([(inset[0][0], inset[0][1]), (width - inset[1][0], inset[1][1] + 0.04 * height),
                         (width - inset[2][0], height - inset[2][1]), (inset[3][0] + 0.05 * width, height - inset[3][1])])
    matrix = cv2.getPerspectiveTransform(np.float32([(0, 0), (w, 0), (w, h), (0, h)]), target)
    photo = cv2.warpPerspective(image, matrix, (width, height), borderValue=95, flags=cv2.INTER_LINEAR)
    light = np.linspace(0.78, 1.0, width, dtype=np.float32)[None, :] * np.linspace(0.9, 1.0, height, dtype=np.float32)[:, None]
    photo = cv2.GaussianBlur(photo.astype(np.float32) * light, (5, 5), 0).astype(np.uint8)
    return cv2.imencode(".jpg", noisy(photo, 5, rng), [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes()
