"""Export time and peak memory for the whole store, at 1k and 10k articles.

Builds a SQLite store of synthetic annotated articles (each with people, places,
quotes, figures, dates and an event; ten articles a story, each story with claims,
quotes and a timeline) through the normal write path, then exports every table in each
format in a fresh child process and prints the wall time and the child's peak RSS.
Memory should stay flat as the store grows: rows stream from the database to the file.

Run: ``.venv/bin/python bench/export_bench.py [--sizes 1000 10000] [--formats csv parquet]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

from newsfuse.model import (
    AnnotatedArticle,
    Claim,
    ClaimValue,
    DateRef,
    Entity,
    Event,
    Figure,
    Mention,
    Place,
    Quote,
    Span,
    Story,
    StoryEntity,
    StoryQuote,
    TimelineEntry,
    new_article,
)
from newsfuse.store import open_store

PER_STORY = 10
SYLLABLES = "ka lo mi ra ne su ti va zo be du fi go ha je ku ly mo ni pa".split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).title()


def _annotated(rng: random.Random, n: int) -> AnnotatedArticle:
    person, town = f"{_word(rng)} {_word(rng)}", _word(rng)
    body = " ".join(_word(rng).lower() for _ in range(300))
    text = (
        f"{town.upper()} — {person} said on Monday that {rng.randint(2, 9000)} people had "
        f'left. "We need help now," {person} said. {body} (article {n})'
    )
    art = new_article(
        text,
        title=f"{town} story {n}",
        outlet=f"Outlet {n % 40}",
        published=dt.date(2020, 1, 1) + dt.timedelta(days=n % 1500),
    )

    def span(word: str) -> Span:
        i = text.index(word)
        return Span(art.id, i, i + len(word))

    number = text.split(" said on Monday that ")[1].split(" ")[0]
    return AnnotatedArticle(
        art,
        entities=(Entity("p1", "person", person, (Mention(person, span(person)),), title="Mayor"),),
        places=(
            Place(
                "l1",
                town,
                (Mention(town.upper(), span(town.upper())),),
                "XE",
                rng.uniform(-60, 60),
                rng.uniform(-170, 170),
            ),
        ),
        quotes=(Quote("We need help now,", span("We need help now,"), person, "p1"),),
        figures=(Figure(float(number), "people", "exact", number, span(number)),),
        dates=(DateRef("Monday", "2020-01-06", "day", span("Monday"), True),),
        events=(Event("had left", span("had left"), "left"),),
    )


def _story(n: int, anns: list[AnnotatedArticle]) -> Story:
    first = anns[0]
    values = tuple(
        ClaimValue(a.article.id, a.article.outlet, f.value, "exact", f.text, f.span)
        for a in anns
        for f in a.figures
    )
    places = tuple(
        StoryEntity(
            f"l{i}", "place", p.name, (), p.mentions, country=p.country, lat=p.lat, lon=p.lon
        )
        for i, a in enumerate(anns)
        for p in a.places
    )
    return Story(
        f"s{n:011d}",
        first.article.title or "",
        tuple(a.article.id for a in anns),
        entities=places,
        claims=(Claim("c1", "people who left", "people", "conflicting", values),),
        quotes=tuple(StoryQuote(q.speaker, q.content, q.span) for a in anns for q in a.quotes),
        timeline=(TimelineEntry("2020-01-06", "day", "People left.", (first.dates[0].span,)),),
    )


def _no_sync(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.execute("PRAGMA synchronous=OFF")


def build(path: Path, size: int) -> None:
    """A store of ``size`` synthetic annotated articles in stories of ten."""
    rng = random.Random(size)
    with open_store(f"sqlite:///{path}") as store:
        # building only: no fsync per transaction (the export runs on the normal engine)
        event.listen(store.engine, "connect", _no_sync)
        store.engine.dispose()
        batch: list[AnnotatedArticle] = []
        for n in range(size):
            ann = _annotated(rng, n)
            store.add_article(ann.article)
            store.save_annotations(ann)
            batch.append(ann)
            if len(batch) == PER_STORY:
                store.save_story(_story(n, batch))
                batch = []


def child(db: Path, fmt: str, out: Path) -> None:
    """Export everything once and print JSON: seconds, peak RSS, rows."""
    from newsfuse.export import export

    start = time.perf_counter()
    with open_store(f"sqlite:///{db}") as store:
        done = export(store, [], fmt, out)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = sum(d["rows"] for d in done)
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "rows": rows}))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--formats", nargs="+", default=["csv", "jsonl", "parquet", "geojson"])
    p.add_argument("--child", nargs=3, metavar=("DB", "FORMAT", "OUT"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(Path(args.child[0]), args.child[1], Path(args.child[2]))
        return
    tmp = Path(tempfile.mkdtemp(prefix="export-bench-"))
    print(f"{'articles':>8} {'format':>8} {'rows':>9} {'seconds':>8} {'peak MB':>8}")
    for size in args.sizes:
        db = tmp / f"{size}.db"
        t0 = time.perf_counter()
        build(db, size)
        print(f"# built {size} articles in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        for fmt in args.formats:
            out = tmp / f"{size}-{fmt}"
            if fmt == "geojson":
                out = tmp / f"{size}.geojson"
            cmd = [sys.executable, __file__, "--child", str(db), fmt, str(out)]
            res = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
            print(
                f"{size:>8} {fmt:>8} {res['rows']:>9} {res['seconds']:>8.2f} {res['peak_mb']:>8.0f}"
            )


if __name__ == "__main__":
    main()
