"""The extractive summary: within budget, cited, no repeats, body sentences only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from newsfuse.fuse.summary import split_sentences, summarize, summarize_texts
from newsfuse.model import AnnotatedArticle, Region, Span, new_article

WIRE = (
    "A landslide buried part of the mountain village of Kalpa on Sunday, killing at least "
    "19 people, district officials said. Rescue teams dug through the mud with shovels "
    "and their hands as rain kept falling. The road to the village was cut in three places, "
    "and helicopters could not land because of low cloud. Officials said 40 people were "
    "still missing."
)
LOCAL = (
    "Photo: Villagers search the mud in Kalpa. (Asha Rai/Hill Times)\n\n"
    "Residents of Kalpa said they had warned the district for years that the slope above "
    "the village was moving. The landslide struck before dawn on Sunday while most families "
    "were asleep. The state government announced compensation of 400,000 rupees for each "
    "family that lost a member."
)


def _ann(text: str, outlet: str, day: int, regions: tuple[Region, ...] = ()) -> AnnotatedArticle:
    a = new_article(text, outlet=outlet, published=dt.date(2024, 8, day), regions=regions)
    spans = tuple(Span(a.id, s, e) for s, e in split_sentences(text))
    return AnnotatedArticle(a, sentences=spans)


def _anns() -> list[AnnotatedArticle]:
    caption_end = LOCAL.index("\n\n")
    return [
        _ann(WIRE, "Hill Wire", 5),
        _ann(WIRE.replace("Sunday", "Sunday morning"), "Valley Daily", 5),  # a wire copy
        _ann(LOCAL, "Hill Times", 6, (Region("caption", 0, caption_end),)),
    ]


def test_summary_respects_the_word_budget() -> None:
    for words in (30, 60, 120):
        out = summarize(_anns(), words=words)
        assert out and sum(len(s.text.split()) for s in out) <= words


def test_every_sentence_is_cited_to_its_exact_words_in_a_body() -> None:
    anns = _anns()
    articles = {a.article.id: a.article for a in anns}
    out = summarize(anns, words=200)
    assert out
    for s in out:
        article = articles[s.span.article_id]
        assert article.text[s.span.start : s.span.end] == s.text
        assert article.in_body(s.span.start, s.span.end)


def test_wire_copies_appear_once() -> None:
    texts = [s.text for s in summarize(_anns(), words=200)]
    leads = [t for t in texts if t.startswith("A landslide buried")]
    assert len(leads) == 1


def test_caption_is_never_summary() -> None:
    assert not any("Asha Rai" in s.text for s in summarize(_anns(), words=500))


def test_order_follows_the_articles_dates() -> None:
    out = summarize(_anns(), words=200)
    days = [
        next(a.article.published for a in _anns() if a.article.id == s.span.article_id) for s in out
    ]
    assert days == sorted(days)


def test_raw_texts_entry_point_and_boilerplate() -> None:
    docs = [
        WIRE,
        "Click here to subscribe to our newsletter for more stories like this one today.",
        LOCAL,
    ]
    out = summarize_texts(docs, words=80)
    assert out and not any("subscribe" in s for s in out)


def test_sentence_splitter_keeps_abbreviations(nlp: Any) -> None:
    text = "Gov. Anna Lee met Dr. Ravi Shah in the U.S. capital. They spoke for an hour."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Gov. Anna Lee met Dr. Ravi Shah in the U.S. capital.",
        "They spoke for an hour.",
    ]
