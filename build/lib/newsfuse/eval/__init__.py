"""eval: score the annotate stage against gold folders in the SCHEMA.md format."""

from .runner import EvalReport, evaluate, report_table

__all__ = ["EvalReport", "evaluate", "report_table"]
