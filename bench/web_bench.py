"""Page load times of the web app for one story of 50 articles.

Builds a SQLite store with ``--articles`` fictional articles about one event (a flood in
the made-up river town of Marlow Vale, told by different outlets with different death
tolls, rainfall figures, officials and quotes), annotates and groups them, then times
``GET /stories/{id}`` and ``GET /`` in-process with FastAPI's TestClient (median of
``--repeat`` requests after one warm-up) and prints the figures. The server-side time is
what is measured: no network, no browser rendering.

With ``--background 1000 10000`` the same story is also timed in stores that hold that
many other articles (the synthetic annotated articles of ``bench/scale_bench.py``, saved
directly, no spaCy; the flood articles are annotated once and copied into each store), and
a last table puts the ``/`` and story-page medians of the sizes side by side: a page that
reads only its own rows costs the same at every size.

Run: ``.venv/bin/python bench/web_bench.py [--articles 50] [--repeat 10] [--db PATH]
[--background 1000 10000]``. With ``--db`` the stores with background articles are kept
beside it (``bg-N.db``) and reused, so a change to the pages is re-measured in a minute.
Medians are printed as wall time and CPU time: on a shared machine compare the CPU.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from newsfuse import workflow
from newsfuse.store import open_store
from newsfuse.web.app import create_app
from newsfuse.web.security import WebAuth

OUTLETS = [
    "Vale Courier", "River Post", "Northern Ledger", "Lowland Times", "Daily Meridian",
    "Harbor Gazette", "Capital Wire", "Evening Standard of Ostry", "Weekly Beacon",
    "Morning Tribune", "Valley Radio News", "Coastal Observer",
]  # fmt: skip
OFFICIALS = [
    ("Governor", "Elena Marchetti"),
    ("Mayor", "Tobias Renn"),
    ("Fire Chief", "Oskar Lindqvist"),
    ("Health Minister", "Amara Okonjo"),
    ("Police spokesman", "Jonas Petrov"),
]
QUOTES = [
    "The water came faster than anyone expected",
    "We are searching every street, house by house",
    "This is the worst flood this valley has seen in a century",
    "Nobody should return home until the engineers say it is safe",
    "We will rebuild every bridge that was lost",
    "Our hospitals are full but coping",
]
LEADS = [
    "Floods swept through the river town of Marlow Vale on {day}, killing {dead} people",
    "At least {dead} people died when the Marl river burst its banks in Marlow Vale on {day}",
    "The death toll from {day}'s flooding in Marlow Vale rose to {dead}",
    "Flash floods in Marlow Vale killed {dead} people on {day} and left {homeless} homeless",
]
DAYS = ["Monday", "Tuesday"]


def article_text(rng: random.Random) -> str:
    """One fictional article about the flood, with varied figures, officials and quotes."""
    dead = rng.choice([38, 41, 41, 45, 52])
    homeless = rng.choice(["2,000", "2,500", "more than 3,000"])
    rain = rng.choice([180, 200, 210])
    title, name = rng.choice(OFFICIALS)
    other_title, other = rng.choice([o for o in OFFICIALS if o[1] != name])
    lead = rng.choice(LEADS).format(day=rng.choice(DAYS), dead=dead, homeless=homeless)
    paragraphs = [
        f"MARLOW VALE — {lead}, officials said.",
        f"{title} {name} said {rain} millimetres of rain fell in 24 hours, more than the "
        f'region usually receives in two months. "{rng.choice(QUOTES)}," {name} told '
        "reporters at the town hall.",
        f"Rescue teams evacuated {rng.randrange(400, 900)} residents from the lower districts "
        f"overnight, and {rng.randrange(12, 30)} bridges were damaged, according to the "
        "regional emergency office.",
        f'"{rng.choice(QUOTES)}," said {other_title} {other}. The Marlow Vale Red Cross '
        f"opened {rng.randrange(5, 15)} shelters in schools and sports halls.",
    ]
    rng.shuffle(paragraphs[1:])
    return "\n\n".join(paragraphs)


def build_store(url: str, n: int, seed: int = 11) -> None:
    """Write ``n`` fictional flood articles as JSONL, ingest, annotate and group them."""
    rng = random.Random(seed)
    rows = [
        {
            "text": article_text(rng),
            "title": f"Marlow Vale flood: report {i + 1}",
            "outlet": OUTLETS[i % len(OUTLETS)],
            "published": f"2025-04-{8 + i % 3:02d}",
            "url": f"https://news.example.org/flood/{i}",
        }
        for i in range(n)
    ]
    src = Path(url.removeprefix("sqlite:///")).with_suffix(".jsonl")
    src.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    with open_store(url) as store:
        workflow.ingest_inputs(store, [str(src)])
        workflow.annotate_pending(store)
        workflow.group_stories(store)


def timed(client: TestClient, path: str, repeat: int) -> tuple[float, float, float, int]:
    """Milliseconds of the first GET of ``path``, the wall and CPU medians of ``repeat``
    more, and its size. The app runs in this process, so CPU time is the server's work
    (plus the test client's), which a busy machine does not inflate as it does wall time."""
    start = time.perf_counter()
    size = len(client.get(path).content)
    first = (time.perf_counter() - start) * 1000
    times, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return first, statistics.median(times), statistics.median(cpus), size


def with_background(db: Path, size: int) -> str:
    """A copy of the story store at ``db`` plus ``size`` synthetic articles, grouped."""
    from scale_bench import build, synthetic

    with open_store(f"sqlite:///{db}") as store:
        flood = [store.get_annotations(a.id) for a in store.iter_articles()]
    url = f"sqlite:///{db.with_name(f'bg-{size}.db')}"
    if db.with_name(f"bg-{size}.db").exists():
        return url  # kept from an earlier run with the same --db
    build(url, [a for a in flood if a is not None] + synthetic(size))
    with open_store(url) as store:
        workflow.group_stories(store)
    return url


def time_pages(url: str, repeat: int) -> list[tuple[str, float, float, float, int]]:
    """(label, first ms, median ms, median CPU ms, bytes) of the largest flood story's pages."""
    out = []
    app = create_app(url, auth=WebAuth(None, None, None))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        stories = client.get("/api/stories", params={"limit": 500, "sort": "size"}).json()
        flood = [s for s in stories["items"] if "Marlow" in s["title"]]
        story = (flood or stories["items"])[0]
        print(f"stories: {stories['total']}; largest has {story['articles']} articles")
        sid = story["id"]
        claims = client.get(f"/api/stories/{sid}/claims").json()
        print(f"  claims: {len(claims)}, conflicting: "
              f"{sum(c['status'] == 'conflicting' for c in claims)}")  # fmt: skip
        for label, path in [
            ("GET /stories/{id}", f"/stories/{sid}"),
            ("GET /", "/"),
            ("GET /api/stories/{id}/brief", f"/api/stories/{sid}/brief"),
            ("GET /articles/{id}", f"/articles/{client.get('/api/articles').json()['items'][0]['id']}"),
        ]:  # fmt: skip
            first, ms, cpu, size = timed(client, path, repeat)
            print(
                f"{label:28s} median {ms:7.1f} ms (CPU {cpu:6.1f})   first {first:7.1f} ms"
                f"   {size / 1024:4.0f} KiB"
            )
            out.append((label, first, ms, cpu, size))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--db", help="reuse (or create) this SQLite file")
    parser.add_argument(
        "--background", type=int, nargs="*", default=[], help="also time with N other articles"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="web-bench-"))
    db = Path(args.db) if args.db else folder / "bench.db"
    url = f"sqlite:///{db}"
    if not db.exists():
        start = time.perf_counter()
        build_store(url, args.articles)
        print(f"built store: {args.articles} articles in {time.perf_counter() - start:.1f} s")
    sides = [(0, time_pages(url, args.repeat))]
    for size in args.background:
        start = time.perf_counter()
        bg = with_background(db, size)
        print(f"\n+ {size} other articles (built in {time.perf_counter() - start:.0f} s)")
        sides.append((size, time_pages(bg, args.repeat)))
    if len(sides) > 1:
        print(f"\n{'other articles':>14} {'GET / ms (CPU)':>16} {'story page ms (CPU)':>20}")
        for size, rows in sides:
            ms = {label: (median, cpu) for label, _, median, cpu, _ in rows}
            front, story = ms["GET /"], ms["GET /stories/{id}"]
            print(
                f"{size:>14} {front[0]:>8.1f} ({front[1]:5.1f}) {story[0]:>12.1f} ({story[1]:5.1f})"
            )


if __name__ == "__main__":
    main()
