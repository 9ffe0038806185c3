"""Who a sheet belongs to: the QR payload printed on every answer-sheet page, and its fingerprint of the items."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import quote, unquote

from .layout import SheetLayout

PREFIX = "DK1"  # the payload's format version: a later layout gets DK2 and keeps reading DK1


@dataclass(frozen=True)
class SheetId:
    course: str
    lesson: str
    learner: str
    page: int
    fingerprint: str

    def payload(self) -> str:
        fields = [PREFIX, self.course, self.lesson, self.learner, str(self.page), self.fingerprint]
        return "|".join(quote(f, safe="") for f in fields)


def fingerprint(layout: SheetLayout) -> str:
    """Eight hex digits that change whenever the printed items, their order or their options change."""
    parts = [f"{s.item.quiz}/{s.item.question.id}/{s.item.type}/{','.join(s.item.order)}/{s.item.blanks}"
             for s in layout.slots]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:8]


def sheet_ids(layout: SheetLayout) -> list[SheetId]:
    paper, print_ = layout.paper, fingerprint(layout)
    return [SheetId(paper.course_id, paper.lesson, paper.learner, page, print_)
            for page in range(1, layout.pages + 1)]


def parse_payload(text: str) -> SheetId | None:
    """The sheet id in a decoded QR text, or None when it is not one of ours."""
    fields = [unquote(f) for f in (text or "").split("|")]
    if len(fields) != 6 or fields[0] != PREFIX or not fields[4].isdigit():
        return None
    return SheetId(fields[1], fields[2], fields[3], int(fields[4]), fields[5])


def read_sheet_id(sheet) -> SheetId | None:
    """Decode the QR code where the layout prints it on a straightened sheet (OpenCV's QR decoder)."""
    import cv2

    from .layout import QR
    from .markers import PX_PER_MM

    x, y, side = QR
    k, margin = PX_PER_MM, 3.0
    part = sheet[round((y - margin) * k):round((y + side + margin) * k), round((x - margin) * k):round((x + side + margin) * k)]
    detector = cv2.QRCodeDetector()
    for image in (part, cv2.resize(part, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)):
        text, _points, _ = detector.detectAndDecode(image)
        if text:
            return parse_payload(text)
    return None
