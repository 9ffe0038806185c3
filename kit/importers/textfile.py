"""Text inputs of unknown encoding: UTF-8 with or without BOM, else GB18030 (a superset of GBK and GB2312)."""
from __future__ import annotations

from pathlib import Path

from ..core.messages import t
from .records import UnreadableFile

ENCODINGS = ("utf-8-sig", "gb18030")


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding).replace("\r\n", "\n")
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(path, t("import.encoding"))
