"""Bring your own question bank: import spreadsheets, GIFT, Aiken and JSON into a draft YAML bank."""
from .bankfile import QUIZZES, write_bank
from .formats import FORMATS, NAMES
from .importing import import_files
from .records import ImportResult, Rejected

__all__ = ["FORMATS", "NAMES", "QUIZZES", "ImportResult", "Rejected", "import_files", "write_bank"]
