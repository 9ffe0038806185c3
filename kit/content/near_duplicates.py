"""Near-duplicate stems in about linear time: equal normalised stems by hash, similar ones through MinHash
signatures banded into buckets (LSH), each candidate confirmed by rapidfuzz; reported as groups."""
from __future__ import annotations

import re
import unicodedata
from typing import Sequence

from ..core.model import Question

THRESHOLD = 90  # rapidfuzz ratio (0–100) of the normalised stems; the old pairwise check used difflib ≥ 0.9
BANDS, ROWS = 32, 4  # 128 permutations: a pair with bigram Jaccard 0.64 (about ratio 0.9) is a candidate 99.7% of the time
PER_BUCKET = 64  # stems of one bucket every other is scored against, so a bank of look-alike stems stays linear
_NOISE = re.compile(r"[\W_]+")


def normalised(stem: str) -> str:
    """Width, case, spaces and punctuation do not make a different question."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", stem).lower())


def near_duplicate_groups(questions: Sequence[Question]) -> list[list[Question]]:
    """Groups (in bank order) of live items whose stems are the same or nearly so."""
    live = [q for q in questions if q.status != "retired"]
    keys = [normalised(q.stem) for q in live]
    groups = _Groups(len(live))
    first: dict[str, int] = {}
    for i, key in enumerate(keys):
        groups.join(first.setdefault(key, i), i)
    distinct = list(first.values())
    for bucket in _buckets([keys[i] for i in distinct]) if len(distinct) > 1 else ():
        _confirm([distinct[i] for i in bucket], keys, groups)
    return [[live[i] for i in members] for members in groups.members() if len(members) > 1]


def _buckets(texts: list[str]) -> list[list[int]]:
    """Stems that share one band of their MinHash signature: the only pairs worth comparing."""
    from datasketch import MinHash  # numpy-backed; loaded only when a bank is checked

    signatures = MinHash.generator((_shingles(x) for x in texts), num_perm=BANDS * ROWS)
    tables: list[dict[bytes, list[int]]] = [{} for _ in range(BANDS)]
    for i, signature in enumerate(signatures):
        values = signature.hashvalues
        for band, table in enumerate(tables):
            table.setdefault(values[band * ROWS:(band + 1) * ROWS].tobytes(), []).append(i)
    return [bucket for table in tables for bucket in table.values() if len(bucket) > 1]


def _shingles(text: str) -> list[bytes]:
    grams = {text[i:i + 2] for i in range(len(text) - 1)} or {text}
    return [g.encode("utf-8") for g in grams]


def _confirm(bucket: list[int], keys: list[str], groups: "_Groups") -> None:
    """Score every stem of the bucket against its first PER_BUCKET stems in one vectorised call; join matches."""
    from rapidfuzz.fuzz import ratio
    from rapidfuzz.process import cdist

    texts = [keys[i] for i in bucket]
    scores = cdist(texts, texts[:PER_BUCKET], scorer=ratio, score_cutoff=THRESHOLD, dtype="uint8")
    for a, b in zip(*scores.nonzero()):
        if a != b:
            groups.join(bucket[a], bucket[b])


class _Groups:
    """Union–find over item indexes."""

    def __init__(self, size: int):
        self.parent = list(range(size))

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def members(self) -> list[list[int]]:
        found: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            found.setdefault(self.root(i), []).append(i)
        return list(found.values())
