"""Kept for notebooks already released and gradebooks that store `from kit.autograder import score`."""
from .grader.slot import score, slot_result

__all__ = ["score", "slot_result"]
