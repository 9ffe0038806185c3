"""Stable ids derived from content, bank names made ascii, and the ledger that catches duplicates."""
from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..content.bank import ID
from ..core.model import Question
from .records import Rejection

_KIT_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")
_SPACE = re.compile(r"\s+")


def slug(name: str) -> str:
    """'Dang Zhang 2022' → 'dang-zhang-2022'; a name with no ascii letters → 'bank-' + a short hash."""
    text = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKC", name).lower()).strip("-")
    return text if ID.match(text) else f"bank-{_digest(name)[:6]}"


def fingerprint(qtype: str, stem: str, options: Any = ()) -> str:
    """What makes two items the same question: type, stem and option texts, ignoring width and spaces."""
    texts = [stem, *(dict(options).values() if options else ())]
    plain = "\x1f".join(_SPACE.sub("", unicodedata.normalize("NFKC", str(x))).lower() for x in texts)
    return f"{qtype}\x1f{plain}"


def _digest(text: str) -> str:
    return base64.b32encode(hashlib.sha1(text.encode("utf-8")).digest()).decode("ascii").lower()


class Ledger:
    """Every id and fingerprint seen so far: existing banks first, then this import, in order."""

    def __init__(self, prefix: str, existing: Sequence[Question] = ()):
        self.prefix = prefix
        self.ids: set[str] = {q.id for q in existing}
        self.seen = {fingerprint(q.type, q.stem, q.options): f"{Path(q.file).name}:{q.line} {q.id}" for q in existing}

    def assign(self, item: dict[str, Any], carried: str, where: object) -> str:
        """An id for a new item: the one it carried if it looks like a kit id and is free, else from content."""
        key = fingerprint(item["type"], item["stem"], item.get("options"))
        if key in self.seen:
            raise Rejection("duplicate", "import.duplicate", other=self.seen[key])
        qid = carried if _KIT_ID.match(carried) and carried not in self.ids else self._derive(key)
        self.seen[key] = f"{where} {qid}"
        self.ids.add(qid)
        return qid

    def _derive(self, key: str) -> str:
        base = f"{self.prefix}-{_digest(key)[:8]}"
        qid, n = base, 1
        while qid in self.ids:
            n += 1
            qid = f"{base}-{n}"
        return qid
