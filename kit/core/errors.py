"""Typed errors that carry their exit code and know how to show themselves."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from .messages import t

T = TypeVar("T")


class KitError(Exception):
    """A user-facing failure: one line of Chinese text and an exit code."""

    exit_code = 1

    def show(self) -> str:
        return str(self)


class UsageError(KitError):
    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One finding about a file: where, which item, what is wrong."""

    file: str
    line: int
    item: str
    message: str
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        tag = "" if self.severity == "error" else t("check.warning")
        return f"{self.file}:{self.line}: {self.item or '-'}: {tag}{self.message}"


def valid(value: T | None, problems: list[Problem]) -> T:
    """The parsed value when none of the problems is an error; else raise them all at once."""
    errors = [p for p in problems if p.severity == "error"]
    if errors or value is None:
        raise BankError(errors)
    return value


class BankError(KitError):
    """A bank or lesson that failed validation; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
