"""The CLI as a scripting tool: --json reports, --version, no stores made by mistake,
whole ids in piped output, and titles/names/file names printed literally."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app

TEXT = (
    "ORLEN BAY — The ferry service between Orlen Bay and Kesta Island resumed on Monday "
    'after a three-week halt, the harbour office said, with 14 crossings a day. "The boats '
    'are safe again," said harbour master Ivo Rask. About 2,300 islanders had been cut '
    "off since the storm damaged the Kesta pier in early March."
)
TEXT_2 = (
    "KESTA ISLAND — Islanders welcomed the first ferry in three weeks on Monday as the "
    "service from Orlen Bay resumed with 14 daily crossings. Harbour master Ivo Rask said "
    '"the boats are safe again" after repairs to the pier. Some 2,300 people live on the '
    "island, which the storm cut off in early March."
)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version_and_verbose_attribution() -> None:
    code, out, _ = _run("--version")
    assert code == 0 and out.startswith("newsfuse ")
    code, out, _ = _run("--version", "--verbose")
    assert code == 0 and "GeoNames" in out and "CC BY 4.0" in out and "Natural Earth" in out


@pytest.mark.parametrize(
    "command",
    [["info"], ["articles"], ["stories"], ["failures"], ["export", "quotes"], ["annotate"]],
)
def test_read_only_commands_refuse_a_missing_store_and_create_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "typo.db"
    code, _, err = _run(*command, "--db", str(db))
    assert code == 1 and "No store at" in err and str(db) in err
    assert not db.exists()


def test_info_without_db_creates_nothing_in_the_data_folder(tmp_path: Path) -> None:
    code, _, err = _run("info")
    assert code == 1 and "No store" in err
    assert not (tmp_path / "xdg").exists()  # XDG_DATA_HOME of the test


def test_create_flag_and_creating_commands_make_the_store(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    code, out, _ = _run("--create", "info", "--db", str(db), "--json")
    assert code == 0 and json.loads(out)["articles"] == 0 and db.exists()


@pytest.mark.issue(11)
def test_rich_markup_in_titles_outlets_and_file_names_is_printed_literally(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "m.db")
    rows = [
        {
            "text": TEXT,
            "title": "[/] Ferry [bold]back",
            "outlet": "[red]Bay Post",
            "published": "2025-03-24",
        },
        {"text": TEXT_2, "title": "Islanders [/red] cheer", "outlet": "Kesta [link=x]News"},
    ]
    src = tmp_path / "[b]odd.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    bad = tmp_path / "[red]empty.txt"
    bad.write_text("")
    code, _, err = _run("ingest", str(src), str(bad), "--db", db)
    assert code == 0, err
    assert "[red]empty.txt" in err  # the failure line names the file literally
    code, out, err = _run("articles", "--db", db)
    assert code == 0, err
    assert "[/] Ferry [bold]back" in out and "[red]Bay Post" in out and "Kesta [link=x]News" in out
    code, out, err = _run("stories", "--db", db)
    assert code == 0, err
    assert "[/] Ferry [bold]back" in out or "Islanders [/red] cheer" in out
    code, out, err = _run("failures", "--db", db)
    assert code == 0 and "[red]empty.txt" in out


def test_piped_listings_are_tab_separated_with_whole_ids_and_json_reports(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    path = tmp_path / "ferry.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, out, _ = _run(
        "ingest",
        str(path),
        "--db",
        db,
        "--json",
        "--outlet",
        "Bay Post",
        "--published",
        "2025-03-24",
    )
    report = json.loads(out)
    assert code == 0 and len(report["ingested"]) == 1 and report["failed"] == []
    (aid,) = report["ingested"]
    code, out, _ = _run("articles", "--db", db)
    rows = list(csv.reader(io.StringIO(out), delimiter="\t"))
    assert rows[0] == ["id", "published", "outlet", "title", "flags"]
    assert rows[1][:3] == [aid, "2025-03-24", "Bay Post"]  # the whole id, never cut
    code, out, _ = _run("annotate", "--db", db, "--json")
    assert code == 0 and json.loads(out) == {"annotated": 1, "failed": []}
    code, out, _ = _run("stories", "--db", db, "--json")
    (story,) = json.loads(out)
    brief = tmp_path / "b.md"
    code, out, _ = _run("brief", story["id"], "--db", db, "-o", str(brief), "--json")
    meta = json.loads(out)
    assert code == 0 and meta["id"] == story["id"] and meta["bytes"] == brief.stat().st_size
    code, out, _ = _run("export", "figures", "--db", db, "--json", "-o", str(tmp_path / "f.csv"))
    assert code == 0 and json.loads(out)[0]["rows"] >= 2


def test_single_input_options_are_refused_for_several_inputs(tmp_path: Path) -> None:
    code, _, err = _run("ingest", "a.txt", "b.txt", "--outlet", "X", "--db", str(tmp_path / "x.db"))
    assert code == 1 and "single input" in err
    code, _, err = _run(
        "ingest", "a.txt", "--published", "last week", "--db", str(tmp_path / "x.db")
    )
    assert code == 1 and "--published 'last week' is not a date" in err


@pytest.mark.issue(11)
def test_terminal_tables_print_markup_literally_and_keep_ids_whole(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    from newsfuse import cli

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("COLUMNS", "40")
    long_id = "b3f85f7fa2d9faa2c0ffee"
    cli._print_rows(("id", "title"), [(long_id, "[/] a [bold]title that is long enough to wrap")])
    shown = capsys.readouterr().out
    assert long_id in shown and "[/]" in shown and "[bold]" in shown
