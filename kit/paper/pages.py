"""Scanned pages as greyscale images: image files as they are, PDFs (a copier's scan) rendered with PDFium."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ..core.messages import t

PDF_DPI = 200
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}


@dataclass(frozen=True)
class Page:
    where: str  # file, or file:page for a PDF
    image: np.ndarray | None
    problem: str = ""


def is_blank(image: np.ndarray) -> bool:
    """A page with (almost) no ink: the back of a sheet in a two-sided scan."""
    small = image[::8, ::8]
    return float((small < 128).mean()) < 0.002


def scan_files(paths: list[Path]) -> list[Path]:
    """Every PDF and image in the given files and folders, in name order."""
    out: list[Path] = []
    for path in map(Path, paths):
        found = sorted(path.rglob("*")) if path.is_dir() else [path]
        out += [p for p in found if p.is_file() and (p.suffix.lower() in IMAGE_SUFFIXES or p.suffix.lower() == ".pdf")]
    return out


def pages(path: Path) -> Iterator[Page]:
    if path.suffix.lower() == ".pdf":
        yield from _pdf_pages(path)
        return
    try:
        image = cv2.imdecode(np.fromfile(str(path), np.uint8), cv2.IMREAD_GRAYSCALE)
    except OSError as exc:
        image, detail = None, str(exc)
    else:
        detail = "" if image is not None else t("paper.scan.not_image")
    yield Page(str(path), image, t("paper.scan.unreadable", where=path, detail=detail) if image is None else "")


def _pdf_pages(path: Path) -> Iterator[Page]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as exc:
        yield Page(str(path), None, t("paper.scan.unreadable", where=path, detail=str(exc)))
        return
    try:
        for number in range(len(pdf)):
            bitmap = pdf[number].render(scale=PDF_DPI / 72, grayscale=True)
            image = bitmap.to_numpy()
            image = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
            yield Page(f"{path}:{number + 1}", np.ascontiguousarray(image))
    finally:
        pdf.close()
