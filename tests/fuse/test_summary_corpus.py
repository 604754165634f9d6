"""Every brief of the example corpus reads well: whole summary sentences, headline titles,
a timeline of the story's own days (issue #10)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from newsfuse.model import Article, Story

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
OPENERS = "\"'“‘("
ENDS = re.compile(r"[.!?…][\"”’')]*$")
TITLE = r"(?:Brig|Gen|Lt|Col|Maj|Sgt|Capt|Dr|Mr|Mrs|Ms|Gov|Sen|Rep|Prof)\."
CUT_AT_TITLE_END = re.compile(r"\s" + TITLE + "$")
CUT_AT_TITLE_START = re.compile(
    "^" + TITLE + r"(?: [A-Z][\w.'-]*)+, (?:told|said|says|added|spoke)\b"
)


def fragment_reason(sentence: str) -> str | None:
    """Why a summary sentence reads as a fragment, or None (independent of the code)."""
    t = sentence.strip()
    if t[:1] in ("”", "’") or re.match(r'"[\s,.]', t):
        return "starts with a closing quote"
    head = t.lstrip(OPENERS)
    if not head[:1].isupper() and not head[:1].isdigit():
        return "starts lower-case"
    if not ENDS.search(t):
        return "no terminal punctuation"
    if t.count("“") != t.count("”") or t.count('"') % 2:
        return "a quote mark left open"
    if "\n" in t:
        return "a line break inside"
    if CUT_AT_TITLE_END.search(t) or CUT_AT_TITLE_START.search(t):
        return "cut at the full stop of a title"
    return None


@pytest.fixture(scope="module")
def stories(resources: Any) -> list[tuple[Story, list[Article]]]:
    from newsfuse.annotate import annotate
    from newsfuse.fuse import fuse
    from newsfuse.ingest import read

    articles = [a for a in read([str(CORPUS)]) if isinstance(a, Article)]
    anns = [annotate(a, resources) for a in articles]
    by_id = {a.id: a for a in articles}
    return [(s, [by_id[i] for i in s.article_ids]) for s in fuse(anns)]


@pytest.mark.parametrize(
    "sentence, reason",
    [
        ("The dam failed on Tuesday.", None),
        ("“It fell,” she said.", None),
        ("that summer the river rose.", "starts lower-case"),
        ("” said the mayor of the town.", "starts with a closing quote"),
        ("The river rose", "no terminal punctuation"),
        ("“The river rose.", "a quote mark left open"),
        ("The force has 1,500 troops, its commander, Brig.", "cut at the full stop of a title"),
        ("Gen. Ada Moss, told reporters in the capital.", "cut at the full stop of a title"),
        ("Gen. Ada Moss told reporters in the capital.", None),
    ],
)
def test_fragment_reason_checks_what_it_claims(sentence: str, reason: str | None) -> None:
    assert fragment_reason(sentence) == reason


@pytest.mark.issue(10)
def test_no_summary_sentence_of_the_example_corpus_is_a_fragment(
    stories: list[tuple[Story, list[Article]]],
) -> None:
    assert stories
    bad = [
        (s.title, sent.text, why)
        for s, _ in stories
        for sent in s.summary
        if (why := fragment_reason(sent.text))
    ]
    assert bad == []
    assert all(s.summary for s, _ in stories)


# at the start of a summary item (an item may be a named sentence and the one after it)
UNNAMED_SPEAKER = re.compile(
    r"^(?:He|She|They)\b|^[“\"][^“”\"]*[”\"],? (?:he|she|they) (?:said|says|added|told)\b"
)
BARE_QUOTE = re.compile(r'^(?:“[^“”]*”|"[^"]*")$')


@pytest.mark.issue(10)
def test_example_summaries_name_whoever_they_quote_or_call_he_or_she(
    stories: list[tuple[Story, list[Article]]],
) -> None:
    """A summary sentence that says "he" or quotes with no one named follows, in the
    summary, the sentence just before it in its own article."""
    dangling = []
    for story, articles in stories:
        text = {a.id: a.text for a in articles}
        for prev, sent in zip((None, *story.summary), story.summary, strict=False):
            if not (UNNAMED_SPEAKER.search(sent.text) or BARE_QUOTE.match(sent.text)):
                continue
            same = prev is not None and prev.span.article_id == sent.span.article_id
            gap = text[sent.span.article_id][prev.span.end : sent.span.start] if same else "x"
            if gap.strip():
                dangling.append((story.title, sent.text))
    assert dangling == []


@pytest.mark.issue(10)
def test_example_story_titles_are_one_line_headlines(
    stories: list[tuple[Story, list[Article]]],
) -> None:
    for story, articles in stories:
        assert story.title and "\n" not in story.title
        assert story.title != "Untitled story"
        if any(a.title for a in articles):
            assert story.title in {" ".join((a.title or "").split()) for a in articles}


@pytest.mark.issue(10)
def test_example_brief_headers_span_the_story_days_in_words(
    stories: list[tuple[Story, list[Article]]],
) -> None:
    from newsfuse.brief import make_brief
    from newsfuse.brief.build import view

    for story, articles in stories:
        span = view(make_brief(story, articles)).event_range()
        assert not re.search(r"\d{4}-(?:SU|SP|FA|WI|\d{2})", span), span


@pytest.mark.issue(10)
def test_no_sentence_the_summary_may_choose_in_the_corpus_is_a_fragment(resources: Any) -> None:
    """Every body sentence of the corpus that the summary would accept reads whole."""
    from newsfuse.annotate import annotate
    from newsfuse.fuse.summary import quote_units, title_joined, trim, usable
    from newsfuse.ingest import read

    seen, bad = 0, []
    for art in (a for a in read([str(CORPUS)]) if isinstance(a, Article)):
        ann = annotate(art, resources)
        parts = [p for sp in ann.sentences for p in trim(art.text, sp.start, sp.end)]
        for s, e in quote_units(art.text, title_joined(art.text, parts)):
            text = art.text[s:e]
            if usable(text):
                seen += 1
                if why := fragment_reason(text):
                    bad.append((text, why))
    assert seen > 50
    assert bad == []


@pytest.mark.issue(10)
def test_example_brief_quotes_read_as_one_quotation_each(
    stories: list[tuple[Story, list[Article]]],
) -> None:
    """A quotation over two paragraphs shows no stray reopening mark; the second half of
    a split quotation does not start as if it were a whole one."""
    from newsfuse.brief import make_brief
    from newsfuse.brief.markdown import render_markdown

    lines = [
        line
        for story, articles in stories
        for line in render_markdown(make_brief(story, articles)).splitlines()
        if line.startswith("- “") and "” — " in line
    ]
    assert len(lines) >= 12
    bad = [
        line
        for line in lines
        if (words := line[3 : line.rindex("” — ")]).count("“") != words.count("”")
        or words[:1].islower()
    ]
    assert bad == []
