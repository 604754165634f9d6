"""The CLI end to end on the bundled example corpus, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import EXIT_NOTHING_INGESTED, app

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, CliRunner]:
    """The main job run once on the example corpus: (db, out dir, runner)."""
    tmp = tmp_path_factory.mktemp("demo")
    db, out = tmp / "demo.db", tmp / "out"
    runner = CliRunner()
    result = runner.invoke(app, ["run", str(CORPUS), "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return db, out, runner


def test_run_writes_a_brief_per_story_in_every_format(demo: tuple[Path, Path, CliRunner]) -> None:
    db, out, runner = demo
    listed = runner.invoke(app, ["stories", "--db", str(db), "--json"])
    stories = json.loads(listed.stdout)
    assert len(stories) >= 3
    for story in stories:
        for ext in ("md", "html", "json"):
            assert (out / f"{story['id']}.{ext}").stat().st_size > 500


def test_rerun_is_idempotent(demo: tuple[Path, Path, CliRunner]) -> None:
    db, _, runner = demo
    before = json.loads(runner.invoke(app, ["info", "--db", str(db), "--json"]).stdout)
    again = runner.invoke(app, ["ingest", str(CORPUS), "--db", str(db)])
    assert again.exit_code == 0
    assert "0 ingested" in again.output
    after = json.loads(runner.invoke(app, ["info", "--db", str(db), "--json"]).stdout)
    assert after == before


def test_articles_show_search_and_brief_commands(demo: tuple[Path, Path, CliRunner]) -> None:
    db, _, runner = demo
    rows = json.loads(runner.invoke(app, ["articles", "--db", str(db), "--json"]).stdout)
    assert rows and all("text" not in r for r in rows)
    shown = runner.invoke(app, ["show", rows[0]["id"][:8], "--db", str(db), "--json"])
    assert json.loads(shown.stdout)["article"]["id"] == rows[0]["id"]
    word = rows[0]["title"].split()[0]
    hits = json.loads(runner.invoke(app, ["search", word, "--db", str(db), "--json"]).stdout)
    assert any(h["article_id"] == rows[0]["id"] for h in hits)
    story = json.loads(runner.invoke(app, ["stories", "--db", str(db), "--json"]).stdout)[0]
    md = runner.invoke(app, ["brief", story["id"], "--db", str(db)])
    assert md.exit_code == 0 and story["title"] in md.stdout


def test_unknown_story_is_one_clear_error_line(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    result = CliRunner().invoke(app, ["--create", "brief", "nosuchstory", "--db", db])
    assert result.exit_code == 1
    assert "Error:" in result.output and "nosuchstory" in result.output


def test_ingest_of_only_bad_inputs_exits_3_and_names_each(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    result = CliRunner().invoke(
        app, ["ingest", str(empty), str(binary), "--db", str(tmp_path / "x.db")]
    )
    assert result.exit_code == EXIT_NOTHING_INGESTED
    assert "empty.txt" in result.output and "blob.bin" in result.output
    assert "2 failed" in result.output


@pytest.mark.issue(8)
def test_claims_review_round_trip_survives_split_and_merge(
    demo: tuple[Path, Path, CliRunner], tmp_path: Path
) -> None:
    import shutil

    db = tmp_path / "review.db"
    shutil.copy(demo[0], db)
    runner = demo[2]

    def claims(story: str) -> list[dict[str, object]]:
        got = runner.invoke(app, ["claims", story, "--db", str(db), "--json"])
        assert got.exit_code == 0, got.output
        return json.loads(got.stdout)  # type: ignore[no-any-return]

    stories = json.loads(runner.invoke(app, ["stories", "--db", str(db), "--json"]).stdout)
    story = next(s for s in stories if s["articles"] >= 3)["id"]
    multi = next(c for c in claims(story) if len(c["values"]) >= 2)  # type: ignore[arg-type]
    ok = runner.invoke(
        app, ["claims", "review", story, str(multi["id"]), "--dismiss", "--db", str(db)]
    )
    assert ok.exit_code == 0, ok.output
    assert {c["id"]: c["review"] for c in claims(story)}[multi["id"]] == "dismissed"
    # split one article off and merge it back: the stories are rebuilt, the review stays
    values = multi["values"]
    moving = str(values[-1]["article_id"])  # type: ignore[index]
    split = runner.invoke(app, ["stories", "split", story, moving, "--db", str(db)])
    assert split.exit_code == 0, split.output
    new_id = split.stdout.split("new ")[1].split(":")[0]
    merged = runner.invoke(app, ["stories", "merge", story, new_id, "--db", str(db)])
    assert merged.exit_code == 0, merged.output
    assert {c["id"]: c["review"] for c in claims(story)}[multi["id"]] == "dismissed"
    brief = runner.invoke(app, ["brief", story, "--db", str(db), "--format", "md"])
    assert "analyst: conflict dismissed" in brief.stdout
    undo = runner.invoke(
        app, ["claims", "review", story, str(multi["id"]), "--undo", "--db", str(db)]
    )
    assert undo.exit_code == 0, undo.output
    assert {c["id"]: c["review"] for c in claims(story)}[multi["id"]] is None
    bad = runner.invoke(
        app, ["claims", "review", story, "nosuchclaim", "--confirm", "--db", str(db)]
    )
    assert bad.exit_code == 1 and "not a claim of this story" in bad.output
