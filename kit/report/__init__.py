"""`kit report`: per-learner, per-branch and per-item reports as HTML, XLSX and CSV."""
from .analysis import Report, build_report
from .options import ReportOptions
from .outputs import write_outputs, write_reports

__all__ = ["Report", "ReportOptions", "build_report", "write_outputs", "write_reports"]
