"""Near-duplicate stems in about linear time: equal normalised stems by hash, similar ones through MinHash
signatures banded into buckets (LSH), each candidate confirmed by rapidfuzz; reported as groups."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ..core.model import Question

THRESHOLD = 92  # rapidfuzz ratio (0–100, longest common subsequence) of the normalised stems; it runs a little above
# difflib's ratio on the raw stems (the old pairwise rule, ≥ 0.9), hence 92: deliberate fill/choice twins stay apart.
# Normalised stems also stay under 64 characters, where rapidfuzz's bit-parallel scoring is fastest.
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
    """Stems that share one band of their MinHash signature: the only pairs worth comparing (bank order kept)."""
    import numpy as np
    from datasketch import MinHash  # numpy-backed; loaded only when a bank is checked

    signatures = MinHash.generator((_shingles(x) for x in texts), num_perm=BANDS * ROWS, hashfunc=int)
    matrix = np.vstack([signature.hashvalues for signature in signatures])
    buckets: list[list[int]] = []
    for band in range(BANDS):
        rows = np.ascontiguousarray(matrix[:, band * ROWS:(band + 1) * ROWS]).view(np.dtype((np.void, matrix.itemsize * ROWS)))
        _, inverse, counts = np.unique(rows.ravel(), return_inverse=True, return_counts=True)
        order = np.argsort(inverse, kind="stable")
        shared = order[counts[inverse[order]] > 1]
        labels = inverse[shared]
        buckets += [part.tolist() for part in np.split(shared, np.flatnonzero(np.diff(labels)) + 1) if len(part) > 1]
    return buckets


def _shingles(text: str) -> list[int]:
    """Character bigrams as 32-bit numbers (MinHash permutes them itself, so no cryptographic hash is needed)."""
    codes = [ord(c) for c in text]
    grams = {(a * 1_000_003 + b) & 0xFFFFFFFF for a, b in zip(codes, codes[1:])} or {codes[0] if codes else 0}
    return list(grams)


def _confirm(bucket: list[int], stems: list[str], groups: _Groups) -> None:  # stems: normalised
    """Score every stem of the bucket against its first PER_BUCKET stems in one vectorised call; join matches."""
    from rapidfuzz.fuzz import ratio
    from rapidfuzz.process import cdist

    texts = [stems[i] for i in bucket]
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
