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


SENTS = [
    [
        "The city council approved a new budget on Tuesday after a long debate.",
        "The budget raises spending on schools by 8 percent.",
        "Council members said the vote was close.",
    ],
    [
        "Council members voted 7 to 6 to approve the budget on Tuesday.",
        "Schools will get more money, and parks will get less.",
        "The mayor praised the decision.",
    ],
]


def test_tokenizer_needs_no_downloaded_data() -> None:
    tok = OfflineTokenizer()
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


def _tiny(tmp_path: Path) -> Path:
    """Two fictional clusters, one per accepted line shape."""
    path = tmp_path / "tiny.jsonl"
    rows = [
        {"documents": DOCS, "summary": "The council approved a budget with more for schools."},
        {"document": " ||||| ".join(DOCS), "summary": "Schools win, parks lose in a close vote."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    return path


def test_sumy_lexrank_and_textrank_run_with_the_offline_tokenizer() -> None:
    from newsfuse.eval.summary import _sumy

    for name in ("lexrank", "textrank"):
        out = _sumy(name, SENTS, 30)
        assert out and sum(len(s.split()) for s in out) <= 30
        assert all(any(s in doc for doc in SENTS) for s in out)


def test_lead_baseline_takes_first_sentences_round_robin() -> None:
    from newsfuse.eval.summary import _lead

    assert _lead(SENTS, 30) == [
        "The city council approved a new budget on Tuesday after a long debate.",
        "Council members voted 7 to 6 to approve the budget on Tuesday.",
    ]


@pytest.mark.parametrize(
    "limit, baselines, clusters, systems",
    [
        (None, True, 2, {"newsfuse", "lexrank", "textrank", "lead"}),
        (1, True, 1, {"newsfuse", "lexrank", "textrank", "lead"}),
        (None, False, 2, {"newsfuse"}),
    ],
)
def test_limit_and_baselines_options(
    tmp_path: Path, limit: int | None, baselines: bool, clusters: int, systems: set[str]
) -> None:
    seen: list[int] = []
    report = evaluate_summaries(
        _tiny(tmp_path),
        words=40,
        limit=limit,
        baselines=baselines,
        progress=lambda _event, n: seen.append(n),
    )
    assert report.clusters == clusters and seen == list(range(1, clusters + 1))
    assert set(report.to_dict()["rouge_f1"]) == systems


@pytest.mark.parametrize(
    "content, match",
    [
        (None, r"missing\.jsonl.*cannot read"),
        ('{"documents": ["a text"]}\n', r'line 1 needs "documents" and "summary"'),
        ('{"documents": "not a list", "summary": "s"}\n', r"line 1 needs"),
    ],
)
def test_bad_input_is_an_input_error_naming_the_problem(
    tmp_path: Path, content: str | None, match: str
) -> None:
    path = tmp_path / "missing.jsonl"
    if content is not None:
        path.write_text(content)
    with pytest.raises(InputError, match=match):
        evaluate_summaries(path, baselines=False)


def test_cli_eval_summary_prints_every_system_and_json(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsfuse.cli import app

    path = _tiny(tmp_path)
    runner = CliRunner()
    table = runner.invoke(app, ["eval-summary", str(path), "--words", "40"])
    assert table.exit_code == 0, table.output
    for name in ("newsfuse", "lexrank", "textrank", "lead", "ROUGE-1", "ROUGE-L"):
        assert name in table.stdout
    as_json = runner.invoke(app, ["eval-summary", str(path), "--words", "40", "--json"])
    data = json.loads(as_json.stdout)
    assert data["clusters"] == 2 and data["words"] == 40
    assert set(data["rouge_f1"]["lead"]) == {"rouge1", "rouge2", "rougeL"}
