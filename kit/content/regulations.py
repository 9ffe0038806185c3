"""The register of regulations and their versions (data in regulations.yml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Regulation:
    doc: str
    current: str
    versions: tuple[str, ...]


@lru_cache(maxsize=1)
def register() -> dict[str, Regulation]:
    data = yaml.safe_load((Path(__file__).with_name("regulations.yml")).read_text(encoding="utf-8"))
    return {
        doc: Regulation(doc, str(v["current"]), tuple(str(x) for x in v["versions"]))
        for doc, v in data["documents"].items()
    }


def lookup(doc: str) -> Regulation | None:
    return register().get(doc.strip("《》 "))
