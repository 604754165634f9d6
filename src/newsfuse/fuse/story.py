"""Assemble a Story from its annotated articles: entities, claims, timeline, quotes.

:func:`build_story` runs, over the articles of one story (earliest first):

1. :func:`~newsfuse.fuse.entities.resolve_entities`: one entity per person, group and
   place across outlets;
2. :func:`~newsfuse.fuse.claims.align_figures`: figures side by side, with status;
3. :func:`~newsfuse.fuse.timeline.build_timeline`: dated events, once each;
4. :func:`story_quotes`: every attributed quote, once even when several outlets carry it;
5. :func:`~newsfuse.fuse.titles.story_title`: the title of the most central article,
   else its lead sentence compressed to a headline.

The summary is made elsewhere (:mod:`newsfuse.fuse.summary`) and passed in.
:func:`fuse` clusters articles with :class:`~newsfuse.fuse.clustering.StoryIndex` and
builds every story.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping, Sequence

from ..errors import ConfigError
from ..model import AnnotatedArticle, Story, StoryQuote, SummarySentence
from .claims import align_figures
from .clustering import StoryIndex, story_key
from .entities import resolve_entities
from .text import jaccard
from .timeline import build_timeline
from .titles import story_title

SAME_QUOTE = 0.8  # word Jaccard above which two quotes are one quote carried twice
_FAR = _dt.date.min  # sorts undated articles first


def _quote_words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _same_quote(a: list[str], b: list[str]) -> bool:
    """One quote carried twice: near-identical words, or one inside the other."""
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and " ".join(short) in " ".join(long_):
        return True
    return jaccard(a, b) >= SAME_QUOTE


def story_quotes(anns: Sequence[AnnotatedArticle]) -> tuple[StoryQuote, ...]:
    """Every quote with a speaker, once each even when several outlets carry it.

    The first report is kept (articles earliest first); a direct quote replaces an
    earlier reported-speech version of the same words.
    """
    kept: list[tuple[list[str], StoryQuote]] = []
    for ann in anns:
        for q in ann.quotes:
            if not q.speaker:
                continue
            words = _quote_words(q.content)
            new = StoryQuote(q.speaker, q.content, q.span, q.direct)
            n = next((n for n, (w, _) in enumerate(kept) if _same_quote(w, words)), None)
            if n is None:
                kept.append((words, new))
            elif q.direct and not kept[n][1].direct:
                kept[n] = (words, new)
    return tuple(q for _, q in kept)


def _by_date(anns: Iterable[AnnotatedArticle]) -> list[AnnotatedArticle]:
    return sorted(anns, key=lambda a: (a.article.published or _FAR, a.article.id))


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
        story_id: its id (default: :func:`story_key` of the earliest article).
        summary: the summary sentences (see :mod:`newsfuse.fuse.summary`).
        near_duplicates: article id -> id of the article it copies (articles' own
            ``duplicate_of`` is used too).

    Returns:
        The Story, its articles earliest first.

    Raises:
        ConfigError: no articles.

    >>> from newsfuse.model import new_article
    >>> a = new_article("Rescuers dug through rubble.", title="Quake hits northern Peru")
    >>> build_story([AnnotatedArticle(a)]).title
    'Quake hits northern Peru'
    """
    if not anns:
        raise ConfigError("A story needs at least one article.")
    ordered = _by_date(anns)
    dates = [a.article.published for a in ordered if a.article.published]
    return Story(
        id=story_id or story_key(ordered[0].article.id),
        title=story_title(ordered),
        article_ids=tuple(a.article.id for a in ordered),
        entities=resolve_entities(ordered),
        claims=align_figures(ordered, near_duplicates),
        timeline=build_timeline(ordered),
        summary=summary,
        quotes=story_quotes(ordered),
        first_published=min(dates) if dates else None,
        last_published=max(dates) if dates else None,
        datelines=tuple(a.dateline_place for a in ordered if a.dateline_place),
    )


def fuse(anns: Iterable[AnnotatedArticle], *, threshold: float | None = None) -> list[Story]:
    """Cluster articles into stories (in publication order) and build each, summarized.

    Args:
        anns: annotated articles, any order.
        threshold: the join threshold of :class:`StoryIndex` (default its own).

    Returns:
        Stories in the order their first article was added.
    """
    from .summary import summarize

    index = StoryIndex() if threshold is None else StoryIndex(threshold=threshold)
    by_id: dict[str, AnnotatedArticle] = {}
    for ann in _by_date(anns):
        index.add(ann)
        by_id[ann.article.id] = ann
    stories = []
    for key, ids in index.assignments().items():
        members = [by_id[i] for i in ids]
        stories.append(build_story(members, story_id=key, summary=summarize(members)))
    return stories
