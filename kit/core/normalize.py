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
_HALF = re.compile(r"(?<![\d上下前后])半年")
_RANGE = re.compile(r"(\d)(\D{0,3}?)[-~—–―到至]+(\d[\d.]*)\2(?!\d)")  # 3-7人, 3~7人, 3人至7人 → 3至7人
_WHOLE_MONTHS = re.compile(r"(?<!\d)(\d{1,4})个月")  # bounded: a float of a huge count would overflow
_MEASURE = re.compile(r"(\d)个(?!月)")  # 五个 = 5, 24个学时 = 24学时; 6个月 keeps its 个 (6月 is June)
_AT_LEAST = re.compile(r"^(?:不少于|不低于|至少|最少)(\d.*)$")
_AT_MOST = re.compile(r"^(?:不超过|不多于|至多|最多)(\d.*)$")
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
    text = _HALF.sub("0.5年", text)
    return _quantities(text)


def _quantities(text: str) -> str:
    """One spelling per quantity: ranges with 至, months that are whole half-years in years, bounds as 以上/以下."""
    text = _RANGE.sub(r"\1至\3\2", text)
    text = _WHOLE_MONTHS.sub(lambda m: f"{int(m.group(1)) / 12:g}年" if int(m.group(1)) % 6 == 0 else m.group(0), text)
    text = _MEASURE.sub(r"\1", text)
    text = _AT_LEAST.sub(r"\1以上", text)
    return _AT_MOST.sub(r"\1以下", text)


def _numerals(text: str) -> str:
    """Chinese numerals to Arabic digits (六 → 6, 两年 → 2年); leaves text alone when unsure."""
    if not _NUMERAL.search(text):
        return text
    try:
        return str(cn2an.transform(text, "cn2an"))
    except Exception:  # cn2an raises plain Exceptions on odd input; unconverted text is still comparable
        return text
