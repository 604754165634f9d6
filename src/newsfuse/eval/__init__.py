"""eval: score the annotate stage against gold folders in the SCHEMA.md format."""

from .runner import EvalReport, evaluate, evaluate_tree, report_table, sets_table

__all__ = ["EvalReport", "evaluate", "evaluate_tree", "report_table", "sets_table"]
