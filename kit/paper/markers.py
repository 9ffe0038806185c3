"""Find the four corner markers of an answer sheet in a scan or photo and straighten the sheet.

OpenCV does the image work: Otsu threshold, contours, a perspective transform. A marker is a solid square
(its ink fills its outline; a QR finder pattern or a bubble does not); of the candidates, the four whose
quadrilateral has the sheet's proportions win. The result is the sheet in millimetre space at PX_PER_MM.
"""
from __future__ import annotations

from itertools import combinations

import cv2
import numpy as np

from .layout import HEIGHT, MARKERS, WIDTH

PX_PER_MM = 6.0
WORK_SIDE = 1400  # markers are looked for on a copy this many pixels on its long side
SHEET_RATIO = (MARKERS[2][1] - MARKERS[0][1]) / (MARKERS[1][0] - MARKERS[0][0])


class NoSheet(ValueError):
    """The page shows no answer sheet (fewer than four markers in the sheet's proportions)."""


def _candidates(gray: np.ndarray) -> list[tuple[float, float, float]]:
    """(x, y, area) of solid square blobs that could be markers, largest first."""
    blur = cv2.GaussianBlur(gray, (5, 5), 0)
    _, ink = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    contours, _ = cv2.findContours(ink, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    short = min(gray.shape)
    found = []
    for contour in contours:
        area = cv2.contourArea(contour)
        if not (0.012 * short) ** 2 < area < (0.09 * short) ** 2:
            continue
        (x, y), (w, h), _ = cv2.minAreaRect(contour)
        if not (0.7 < w / max(h, 1) < 1.43 and area > 0.8 * w * h and _solid(ink, contour)):
            continue
        found.append((x, y, area))
    return sorted(found, key=lambda c: -c[2])


def _solid(ink: np.ndarray, contour: np.ndarray) -> bool:
    x, y, w, h = cv2.boundingRect(contour)
    mask = np.zeros((h, w), np.uint8)
    cv2.drawContours(mask, [contour - (x, y)], -1, 255, -1)
    inside = mask > 0
    return float((ink[y:y + h, x:x + w][inside] > 0).mean()) > 0.9


def _ordered(points: np.ndarray) -> np.ndarray:
    """Four points in convex order, starting so that the first side is a short side of the sheet."""
    centre = points.mean(axis=0)
    angles = np.arctan2(points[:, 1] - centre[1], points[:, 0] - centre[0])
    quad = points[np.argsort(angles)]
    if np.linalg.norm(quad[0] - quad[1]) > np.linalg.norm(quad[1] - quad[2]):
        quad = np.roll(quad, -1, axis=0)
    return quad


def _fit(quad: np.ndarray, areas: tuple[float, ...]) -> float:
    """How badly four candidates fit the marker rectangle (0 is perfect; inf is not a sheet)."""
    sides = [float(np.linalg.norm(quad[k] - quad[(k + 1) % 4])) for k in range(4)]
    ratio = (sides[1] + sides[3]) / max(sides[0] + sides[2], 1)
    if not cv2.isContourConvex(quad.astype(np.float32)) or max(areas) > 3 * min(areas):
        return float("inf")
    error = abs(ratio / SHEET_RATIO - 1)
    return error if error < 0.25 else float("inf")


def find_markers(gray: np.ndarray) -> np.ndarray:
    """The four marker centres in the image (pixels), TL, TR, BR, BL up to a half turn."""
    scale = WORK_SIDE / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_LINEAR) if scale < 1 else gray
    scale = min(scale, 1.0)
    found = _candidates(small)[:8]
    best, best_fit = None, float("inf")
    for four in combinations(found, 4):
        quad = _ordered(np.array([(x, y) for x, y, _ in four], np.float32))
        fit = _fit(quad, tuple(a for *_, a in four))
        if fit < best_fit:
            best, best_fit = quad, fit
    if best is None:
        raise NoSheet(len(found))
    return best / scale


def straighten(gray: np.ndarray, corners: np.ndarray, half_turn: bool = False) -> np.ndarray:
    """The sheet in millimetre space (PX_PER_MM), upright when `corners` start at its top-left marker."""
    quad = np.roll(corners, 2, axis=0) if half_turn else corners
    target = np.array(MARKERS, np.float32) * PX_PER_MM
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    size = (round(WIDTH * PX_PER_MM), round(HEIGHT * PX_PER_MM))
    return cv2.warpPerspective(gray, matrix, size, flags=cv2.INTER_LINEAR, borderValue=255)
