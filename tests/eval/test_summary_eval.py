"""eval-summary reports ROUGE for newsfuse and the baselines, offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.errors import InputError
from newsfuse.eval.summary import OfflineTokenizer, evaluate_summaries

DOCS = [
    "The city council approved a new budget on Tuesday after a long debate. The budget "
    "raises spending on schools by 8 percent. Council members said the vote was close.",
    "Council members voted 7 to 6 to approve the budget on Tuesday. Schools will get more "
    "money, and parks will get less. The mayor praised the decision.",
]


def test_tokenizer_needs_no_downloaded_data() -> None:
    tok = OfflineTokenizer()
    assert tok.to_sentences("One sentence here. Another one there.") == (
        "One sentence here.",
        "Another one there.",
    )
    assert tok.to_words("It's a test-case.") == ("It's", "a", "test-case")


def test_reports_every_system_on_a_small_file(tmp_path: Path) -> None:
    path = tmp_path / "clusters.jsonl"
    rows = [
        {
            "documents": DOCS,
            "summary": "The council approved a budget that gives schools more money.",
        },
        {"document": " ||||| ".join(DOCS), "summary": "Schools win, parks lose in a close vote."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    report = evaluate_summaries(path, words=40)
    assert report.clusters == 2
    assert set(report.scores) == {"newsfuse", "lexrank", "textrank", "lead"}
    for scores in report.scores.values():
        assert 0 < scores["rouge1"] <= 100 and scores["rouge2"] <= scores["rouge1"]


def test_bad_line_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"documents": ["x"], "summary": "y"}\n{oops\n')
    with pytest.raises(InputError, match=r"bad\.jsonl.*line 2"):
        evaluate_summaries(path, words=40, baselines=False)
