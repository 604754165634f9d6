"""Story clustering throughput and quality on synthetic articles.

Generates AnnotatedArticles from a few hundred synthetic topics (each with its own
people, organizations, places and vocabulary, over a shared background vocabulary and
a shared pool of common names), adds them to a :class:`StoryIndex` in publication
order, and prints articles/s and pairwise precision/recall against the topics.

Run: ``.venv/bin/python bench/cluster_bench.py [--sizes 1000 10000] [--threshold T]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections import Counter

from newsfuse.fuse import StoryIndex
from newsfuse.model import AnnotatedArticle, Entity, Mention, Place, Span, new_article

TOPICS = 300
BACKGROUND = 4000  # shared vocabulary
COMMON_NAMES = 60  # names (e.g. "United States") that many topics share
SYLLABLES = (
    "ka lo mi ra ne su ti va zo be du fi go ha je ku ly mo ni pa qu re si to wu xe yo".split()
)


def _word(rng: random.Random, n: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n))


def _topics(rng: random.Random) -> list[dict[str, object]]:
    common = [_word(rng, 2).title() + " " + _word(rng, 3).title() for _ in range(COMMON_NAMES)]
    start = dt.date(2017, 1, 1)
    out = []
    for _ in range(TOPICS):
        out.append(
            {
                "people": [f"{_word(rng).title()} {_word(rng).title()}" for _ in range(8)],
                "orgs": [f"{_word(rng).title()} Front" for _ in range(3)] + rng.sample(common, 2),
                "places": [_word(rng, 4).title() for _ in range(4)],
                "words": [_word(rng, 4) for _ in range(40)],
                "date": start + dt.timedelta(days=rng.randrange(365)),
            }
        )
    return out


def synthetic(n: int, seed: int = 7) -> tuple[list[AnnotatedArticle], dict[str, int]]:
    """``n`` synthetic annotated articles and their true topic, in publication order."""
    rng = random.Random(seed)
    topics = _topics(rng)
    background = [_word(rng, 3) for _ in range(BACKGROUND)]
    items = []
    for i in range(n):
        t = rng.randrange(TOPICS)
        topic = topics[t]
        words = rng.sample(topic["words"], 12) + rng.sample(background, 150)  # type: ignore[arg-type]
        rng.shuffle(words)
        people = rng.sample(topic["people"], 3)  # type: ignore[arg-type]
        orgs = rng.sample(topic["orgs"], 2)  # type: ignore[arg-type]
        places = rng.sample(topic["places"], 2)  # type: ignore[arg-type]
        text = f"Report {i}. " + " ".join(people + orgs + places + words) + "."
        when = topic["date"] + dt.timedelta(days=rng.randrange(10))  # type: ignore[operator]
        art = new_article(text, published=when, outlet=f"Outlet {i % 17}")
        span = Span(art.id, 0, 1)
        ents = tuple(
            Entity(
                f"e{j}",
                "person" if j < len(people) else "organization",
                name,
                (Mention(name, span),),
            )
            for j, name in enumerate(people + orgs)
        )
        plc = tuple(Place(f"l{j}", name, (Mention(name, span),)) for j, name in enumerate(places))
        items.append((when, AnnotatedArticle(art, entities=ents, places=plc), t))
    items.sort(key=lambda x: x[0])
    return [a for _, a, _ in items], {a.article.id: t for _, a, t in items}


def pair_scores(assign: dict[str, list[str]], truth: dict[str, int]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering against true topics."""
    same_pred = sum(len(ids) * (len(ids) - 1) // 2 for ids in assign.values())
    tp = 0
    for ids in assign.values():
        counts = Counter(truth[i] for i in ids)
        tp += sum(c * (c - 1) // 2 for c in counts.values())
    sizes = Counter(truth.values())
    same_true = sum(c * (c - 1) // 2 for c in sizes.values())
    return (tp / same_pred if same_pred else 1.0), (tp / same_true if same_true else 1.0)


def run(n: int, threshold: float | None) -> None:
    anns, truth = synthetic(n)
    index = StoryIndex() if threshold is None else StoryIndex(threshold=threshold)
    t0 = time.perf_counter()
    for ann in anns:
        index.add(ann)
    secs = time.perf_counter() - t0
    assign = index.assignments()
    p, r = pair_scores(assign, truth)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(
        f"{n:>6} articles  {n / secs:8.0f} articles/s  {len(assign):>5} stories "
        f"(true {len(set(truth.values()))})  pair P {p:.3f} R {r:.3f} F1 {f1:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--threshold", type=float, default=None)
    args = parser.parse_args()
    for n in args.sizes:
        run(n, args.threshold)


if __name__ == "__main__":
    main()
