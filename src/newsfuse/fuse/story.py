"""Assemble a Story from its annotated articles: entities, claims, timeline, quotes."""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from ..model import AnnotatedArticle, Story, StoryQuote, SummarySentence
from .claims import align_figures
from .clustering import StoryIndex, story_key
from .entities import resolve_entities
from .timeline import build_timeline

_FAR = _dt.date.min  # sorts undated articles first


def _quote_key(text: str) -> str:
    """Comparison form of a quote: its first words, lower case, letters only."""
    return " ".join(re.findall(r"\w+", text.lower())[:12])


def story_quotes(anns: Sequence[AnnotatedArticle]) -> tuple[StoryQuote, ...]:
    """Direct quotes with a named speaker, once each even when several outlets carry them."""
    seen: set[str] = set()
    out = []
    for ann in anns:
        for q in ann.quotes:
            if not q.direct or not q.speaker:
                continue
            key = _quote_key(q.content)
            if key in seen:
                continue
            seen.add(key)
            out.append(StoryQuote(q.speaker, q.content, q.span, q.direct))
    return tuple(out)


def _title(anns: Sequence[AnnotatedArticle]) -> str:
    """The title of the article that shares most names with the others; else top names."""
    names = Counter(e.name for a in anns for e in a.entities)
    names.update(p.name for a in anns for p in a.places)
    titled = [a for a in anns if a.article.title]
    if titled:
        best = max(
            titled, key=lambda a: sum(names[e.name] for e in a.entities) + len(a.article.text) / 1e6
        )
        return best.article.title or ""
    top = [n for n, _ in names.most_common(3)]
    return ", ".join(top) if top else "Untitled story"


def build_story(
    anns: Sequence[AnnotatedArticle],
    *,
    story_id: str | None = None,
    summary: tuple[SummarySentence, ...] = (),
    near_duplicates: Mapping[str, str] | None = None,
) -> Story:
    """Fuse a story's articles into one Story.

    Args:
        anns: the annotated articles of the story.
        story_id: its id (default: derived from the earliest article).
        summary: the summary sentences (see :mod:`newsfuse.fuse.summary`).
        near_duplicates: article id -> id of the article it copies.
    """
    anns = sorted(anns, key=lambda a: (a.article.published or _FAR, a.article.id))
    dates = [a.article.published for a in anns if a.article.published]
    return Story(
        id=story_id or story_key(anns[0].article.id),
        title=_title(anns),
        article_ids=tuple(a.article.id for a in anns),
        entities=resolve_entities(anns),
        claims=align_figures(anns, near_duplicates),
        timeline=build_timeline(anns),
        summary=summary,
        quotes=story_quotes(anns),
        first_published=min(dates) if dates else None,
        last_published=max(dates) if dates else None,
    )


def fuse(anns: Iterable[AnnotatedArticle], *, threshold: float | None = None) -> list[Story]:
    """Cluster articles into stories and build each one (with its summary)."""
    from .summary import summarize

    index = StoryIndex(threshold=threshold) if threshold is not None else StoryIndex()
    by_id = {}
    for ann in sorted(anns, key=lambda a: (a.article.published or _FAR, a.article.id)):
        index.add(ann)
        by_id[ann.article.id] = ann
    dups = {a.article.id: a.article.duplicate_of for a in by_id.values() if a.article.duplicate_of}
    stories = []
    for key, ids in index.assignments().items():
        members = [by_id[i] for i in ids]
        stories.append(
            build_story(members, story_id=key, summary=summarize(members), near_duplicates=dups)
        )
    return stories
