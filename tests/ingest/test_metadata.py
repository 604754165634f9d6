"""Metadata in: folder manifests, sidecars, Multi-News `documents`, options for a single
input, and a readable outlet when none is given (agency, domain, file name)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsfuse import workflow
from newsfuse.ingest import read
from newsfuse.model import Article
from newsfuse.store import open_store

pytestmark = pytest.mark.issue(12)

HARBOUR = (
    "Dock workers at the port of Velmar walked out on Tuesday over pay, halting the loading "
    "of 40 container ships, the dockers' union said. \"We will not go back until the offer "
    'is fair," said union leader Petra Hollis. The port authority said talks would resume '
    "on Thursday and that 1,200 workers had joined the strike."
)
HARBOUR_2 = (
    "The strike at the port of Velmar entered its second day on Wednesday, with 1,200 dock "
    "workers still out and 40 container ships waiting offshore. Union leader Petra Hollis "
    'said on Wednesday: "Our members are united." The port authority said it would meet '
    "the union on Thursday to discuss the pay offer."
)


def _articles(*inputs: str, **meta: Any) -> list[Article]:
    found = list(read(list(inputs), metadata=meta or None))
    assert all(isinstance(a, Article) for a in found), found
    return [a for a in found if isinstance(a, Article)]


def _manifest_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "velmar-strike"
    folder.mkdir()
    (folder / "vg.txt").write_text(HARBOUR, encoding="utf-8")
    (folder / "hd.txt").write_text(HARBOUR_2, encoding="utf-8")
    (folder / "hd.gold.json").write_text('{"people": []}', encoding="utf-8")
    manifest = {
        "id": "velmar-strike",
        "docs": [
            {
                "id": "vg",
                "outlet": "Velmar Gazette",
                "url": "https://gazette.example/strike",
                "published": "2025-02-04",
                "title": "Dockers walk out",
            },
            {"id": "hd", "outlet": "Harbour Daily", "published": "2025-02-05", "title": "Day two"},
        ],
    }
    (folder / "cluster.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_a_folder_manifest_gives_outlets_dates_and_titles_and_is_no_failure(
    tmp_path: Path,
) -> None:
    got = {a.title: a for a in _articles(str(_manifest_folder(tmp_path)))}
    assert set(got) == {"Dockers walk out", "Day two"}
    assert got["Dockers walk out"].outlet == "Velmar Gazette"
    assert got["Dockers walk out"].url == "https://gazette.example/strike"
    assert str(got["Day two"].published) == "2025-02-05"


def test_a_sidecar_beside_a_text_file_wins_over_the_manifest(tmp_path: Path) -> None:
    folder = _manifest_folder(tmp_path)
    (folder / "vg.meta.json").write_text('{"outlet": "Gazette (print)"}', encoding="utf-8")
    got = {a.title: a.outlet for a in _articles(str(folder))}
    assert got["Dockers walk out"] == "Gazette (print)"


def test_options_for_a_single_input_win_over_everything(tmp_path: Path) -> None:
    path = _manifest_folder(tmp_path) / "vg.txt"
    (a,) = _articles(str(path), outlet="Given", title="Given title")
    assert (a.outlet, a.title, str(a.published)) == ("Given", "Given title", "2025-02-04")


def test_multi_news_documents_become_one_article_each(tmp_path: Path) -> None:
    path = tmp_path / "clusters.jsonl"
    rows = [
        {"id": "c1", "documents": [HARBOUR, HARBOUR_2], "summary": "Dockers strike."},
        {"id": "c2", "documents": [HARBOUR.replace("Velmar", "Ostra")], "summary": "x"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    got = _articles(str(path))
    assert len(got) == 3
    assert [a.source for a in got][:2] == [f"{path}#line1#doc1", f"{path}#line1#doc2"]


@pytest.mark.parametrize(
    "text, meta, expected",
    [
        ("AFP, VELMAR — " + HARBOUR, {}, "AFP"),
        ("VELMAR (Reuters) - " + HARBOUR, {}, "Reuters"),
        ("VELMAR, Norland (AP) — " + HARBOUR, {}, "AP"),
        (HARBOUR, {"url": "https://www.harbour-daily.example/a/1"}, "harbour-daily.example"),
        (HARBOUR, {}, "velmar port report"),
        ("AFP, VELMAR — " + HARBOUR, {"outlet": "Velmar Gazette"}, "Velmar Gazette"),
        # "Reuters" in the body is not a dateline credit
        (HARBOUR + " Reuters contributed reporting.", {}, "velmar port report"),
    ],
)
def test_outlet_when_none_is_given(
    tmp_path: Path, text: str, meta: dict[str, str], expected: str
) -> None:
    path = tmp_path / "velmar_port-report.txt"
    path.write_text(text, encoding="utf-8")
    if meta:
        path.with_name(path.name + ".meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (a,) = _articles(str(path))
    assert a.outlet == expected


def test_briefs_of_a_manifest_folder_show_outlets_dates_and_titles(
    tmp_path: Path, resources: Any
) -> None:
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        workflow.ingest_inputs(store, [str(_manifest_folder(tmp_path))])
        workflow.annotate_pending(store, res=resources)
        (story,) = workflow.group_stories(store)
        brief = json.loads(workflow.make_brief(store, story, "json"))
    sources = {(s["outlet"], s["published"], s["title"]) for s in brief["sources"]}
    assert sources == {
        ("Velmar Gazette", "2025-02-04", "Dockers walk out"),
        ("Harbour Daily", "2025-02-05", "Day two"),
    }
