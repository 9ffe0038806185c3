"""Normalisation of typed answers: width, Unicode forms, spaces, punctuation, numerals, script."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

import cn2an

_SPACES = re.compile(r"\s+")
_EDGE_PUNCT = "。，、；：！？.,;:!?\"'“”‘’「」『』《》〈〉()（）[]【】"
_HALF_YEAR = re.compile(r"(\d+)年半")
_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿点]+")


@lru_cache(maxsize=1)
def _t2s() -> Any:
    from opencc import OpenCC  # loaded lazily: only fill answers need it
    return OpenCC("t2s")


@lru_cache(maxsize=65536)
def normalize(text: str, *, simplify: bool = True) -> str:
    """Canonical form of a fill answer; applied until it no longer changes, so it is idempotent.
    Pure, so cached: keys and common answers are normalised once per process."""
    current = _once(str(text), simplify)
    for _ in range(4):
        following = _once(current, simplify)
        if following == current:
            return current
        current = following
    return current


def _once(text: str, simplify: bool) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _SPACES.sub("", text).strip(_EDGE_PUNCT).lower()
    if simplify:
        text = _t2s().convert(text)
    text = _numerals(text)
    text = _HALF_YEAR.sub(lambda m: f"{m.group(1)}.5年", text)
    return "0.5年" if text == "半年" else text


def _numerals(text: str) -> str:
    """Chinese numerals to Arabic digits (六 → 6, 两年 → 2年); leaves text alone when unsure."""
    if not _NUMERAL.search(text):
        return text
    try:
        return str(cn2an.transform(text, "cn2an"))
    except Exception:  # cn2an raises plain Exceptions on odd input; unconverted text is still comparable
        return text
