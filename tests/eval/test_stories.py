"""``newsfuse eval-stories``: B-cubed and pairwise scores beside a TF-IDF baseline (#10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.errors import InputError
from newsfuse.eval.stories import bcubed, evaluate_stories, pairwise, read_gold

pytestmark = pytest.mark.issue(10)

FLOOD = (
    "Floodwaters covered the lower town of Ostra Vale after the Mell river burst its "
    "banks; mayor Ida Brevik ordered an evacuation of riverside streets."
)
FLOOD2 = (
    "Mayor Ida Brevik said boats rescued families from rooftops in Ostra Vale as the Mell "
    "river kept rising through the night."
)
STRIKE = (
    "Dock workers in Port Amsel walked out on Monday; union leader Jon Abery said the "
    "harbour strike would go on until wage talks resume."
)
STRIKE2 = (
    "The harbour strike in Port Amsel entered a third day as Jon Abery told dock workers "
    "to hold firm in the wage dispute."
)


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    rows = [
        {"text": FLOOD, "title": "Flood in Ostra Vale", "published": "2022-04-02", "story": "A"},
        {"text": STRIKE, "title": "Dock strike", "published": "2022-04-03", "story": "B"},
        {"text": FLOOD2, "published": "2022-04-03", "story": "A"},
        {"text": STRIKE2, "published": "2022-04-05", "story": "B"},
    ]
    return _write(tmp_path / "gold.jsonl", rows)


@pytest.mark.parametrize(
    "pred, gold, b3, pair",
    [
        ({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "y"}, (1, 1), (1, 1)),
        ({"a": "1", "b": "1", "c": "1"}, {"a": "x", "b": "x", "c": "y"}, (5 / 9, 1), (1 / 3, 1)),
        ({"a": "1", "b": "2", "c": "3"}, {"a": "x", "b": "x", "c": "y"}, (1, 2 / 3), (1, 0)),
    ],
)
def test_scores_match_hand_computed_values(
    pred: dict[str, str],
    gold: dict[str, str],
    b3: tuple[float, float],
    pair: tuple[float, float],
) -> None:
    s = bcubed(pred, gold)
    assert (s.precision, s.recall) == pytest.approx(b3)
    p = pairwise(pred, gold)
    assert (p.precision, p.recall) == pytest.approx(pair)


def test_gold_labels_are_kept_apart_from_the_articles(gold_file: Path) -> None:
    articles, gold = read_gold(gold_file)
    assert [gold[a.id] for a in articles] == ["A", "B", "A", "B"]
    assert [a.title for a in articles] == ["Flood in Ostra Vale", "Dock strike", None, None]


def test_bad_lines_name_the_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="line 2"):
        read_gold(_write(tmp_path / "x.jsonl", [{"text": FLOOD, "story": "A"}, {"text": "x"}]))


def test_report_puts_newsfuse_beside_the_baseline(gold_file: Path) -> None:
    by_first_word = {}

    def group(articles: list) -> dict[str, str]:  # type: ignore[type-arg]
        for a in articles:
            by_first_word[a.id] = a.text.split()[0]
        return by_first_word

    report = evaluate_stories(gold_file, group=group).to_dict()
    assert set(report["scores"]) == {"newsfuse", "tfidf-single-pass"}
    assert report["articles"] == 4
    assert report["gold_stories"] == 2
    base = report["scores"]["tfidf-single-pass"]["bcubed"]
    assert base["f1"] == 1.0  # two well-separated stories: one threshold suffices


def test_eval_stories_runs_the_real_grouping(gold_file: Path, resources: object) -> None:
    result = CliRunner().invoke(app, ["eval-stories", str(gold_file), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["predicted_stories"] == 2
    assert report["scores"]["newsfuse"]["bcubed"]["f1"] == 1.0
