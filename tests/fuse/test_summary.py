"""The extractive summary: budget, cited spans in the body, no repeats, reading order."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from newsfuse.fuse.summary import (
    Candidate,
    article_opening,
    complete,
    quote_units,
    select,
    select_introduced,
    sentence_spans,
    summarize,
    summarize_texts,
    trim,
    usable,
)
from newsfuse.model import AnnotatedArticle, Article, Region, Span, new_article

# Three fictional reports of one fictional event. The wire paragraph (WIRE) is carried
# verbatim by two outlets; the first article opens with a photo caption that repeats the
# key words of the story and must never be quoted as body text.
CAPTION = "Rescue boats move through the flooded streets of Orvella after the Tamsin Dam failed."
WIRE = (
    "The Tamsin Dam above the town of Orvella failed early on Tuesday, sending a wall of "
    "water through the valley and forcing about 4,000 residents from their homes."
)
ARTICLE_TEXTS = {
    "ledger": (
        f"{CAPTION}\n\n"
        f"{WIRE} "
        "Mayor Ilse Varga said the town's two shelters were full by noon and asked "
        "neighbouring villages to open their schools. "
        "Engineers had warned in a report (never made public) last spring that the spillway "
        "of the Tamsin Dam "
        "was cracked and needed urgent repairs. "
        "The river was expected to crest on Wednesday evening, the regional water agency said."
    ),
    "courier": (
        f"{WIRE} "
        "Rescue crews in boats pulled at least 120 people from rooftops in Orvella during the "
        "morning, the regional fire service said. "
        "No deaths had been confirmed by Tuesday night, but six people were still missing. "
        "Click here to sign up for our free morning newsletter and breaking news alerts."
    ),
    "herald": (
        "Residents of Orvella began returning on Thursday to streets covered in mud, two days "
        "after the Tamsin Dam failed and about 4,000 people fled the flood. "
        "Mayor Ilse Varga said the repairs to the dam and the town would take at least a year. "
        "Meanwhile, the regional water agency said the river had crested on Wednesday evening without "
        "breaking the levees downstream. "
        "Local bakers handed out bread to volunteers shovelling mud outside the town hall."
    ),
}
PUBLISHED = {"ledger": "2031-05-06", "courier": "2031-05-06", "herald": "2031-05-08"}


def _article(outlet: str) -> Article:
    text = ARTICLE_TEXTS[outlet]
    regions: tuple[Region, ...] = ()
    if text.startswith(CAPTION):
        regions = (Region("caption", 0, len(CAPTION)),)
    return new_article(
        text,
        outlet=outlet,
        published=dt.date.fromisoformat(PUBLISHED[outlet]),
        regions=regions,
    )


@pytest.fixture(scope="module")
def story(resources: Any) -> tuple[AnnotatedArticle, ...]:
    """The three articles, annotated by the real pipeline (spaCy sentences)."""
    from newsfuse.annotate import annotate

    return tuple(annotate(_article(o), resources) for o in ("herald", "courier", "ledger"))


def _texts(story: tuple[AnnotatedArticle, ...]) -> dict[str, str]:
    return {a.article.id: a.article.text for a in story}


@pytest.mark.parametrize("words", [20, 45, 80, 250])
def test_summary_never_exceeds_the_word_budget(
    story: tuple[AnnotatedArticle, ...], words: int
) -> None:
    summary = summarize(story, words=words)
    assert summary
    assert sum(len(s.text.split()) for s in summary) <= words


def _cut_of(shown: str, source: str) -> bool:
    """True when ``shown`` is ``source`` with words left out (first letter may be raised)."""
    words = iter(source.casefold().split())
    return all(w in words for w in shown.casefold().split())


def test_summary_shows_its_source_sentence_cut_only_and_cites_all_of_it(
    story: tuple[AnnotatedArticle, ...],
) -> None:
    by_id = {a.article.id: a.article for a in story}
    summary = summarize(story, words=250)
    for sent in summary:
        art = by_id[sent.span.article_id]
        assert _cut_of(sent.text, sent.span.text(art.text))
        assert art.in_body(sent.span.start, sent.span.end)
    shown = {s.span.text(by_id[s.span.article_id].text): s.text for s in summary}
    # Without the ledger, whose "expected to crest" sentence is too close to it, the
    # herald's "had crested" sentence is chosen: shown without its opening connective.
    herald_courier = {
        s.span.text(by_id[s.span.article_id].text): s.text for s in summarize(story[:2])
    }
    crest = next(src for src in herald_courier if "river had crested" in src)
    assert crest.startswith("Meanwhile, the regional water agency")
    assert herald_courier[crest].startswith("The regional water agency said the river had crested")
    warned = next(src for src in shown if "Engineers had warned" in src)
    assert "(never made public)" in warned
    assert shown[warned].startswith("Engineers had warned in a report last spring that")


def test_summary_tells_the_latest_report_of_a_developing_fact(
    story: tuple[AnnotatedArticle, ...],
) -> None:
    # The ledger (Tuesday) says the river "was expected to crest"; the herald (Thursday)
    # says it "had crested". The two are too close to stand side by side: the later wins.
    texts = [s.text for s in summarize(story, words=250)]
    assert any("river had crested" in t for t in texts)
    assert not any("expected to crest" in t for t in texts)


def test_summary_without_dates_keeps_the_stronger_version(
    story: tuple[AnnotatedArticle, ...],
) -> None:
    undated = tuple(replace(a, article=replace(a.article, published=None)) for a in story)
    texts = [s.text for s in summarize(undated, words=250)]
    assert any("expected to crest" in t for t in texts)


def test_an_articles_opening_paragraph_is_its_lead_not_its_photo_caption() -> None:
    ledger = _article("ledger")
    assert ledger.text.startswith(CAPTION)
    lead = article_opening(ledger)
    assert {"dam", "orvella", "resident"} <= lead
    assert "boat" not in lead  # only the caption names the rescue boats


def test_summary_never_quotes_a_caption_even_when_it_is_central(
    story: tuple[AnnotatedArticle, ...],
) -> None:
    texts = [s.text for s in summarize(story, words=250)]
    assert not any("Rescue boats move through" in t for t in texts)


def test_summary_wire_copy_carried_by_two_outlets_appears_once(
    story: tuple[AnnotatedArticle, ...],
) -> None:
    texts = [s.text for s in summarize(story, words=250)]
    assert sum("sending a wall of water" in t for t in texts) == 1


def test_summary_drops_boilerplate_sentences(story: tuple[AnnotatedArticle, ...]) -> None:
    texts = [s.text for s in summarize(story, words=250)]
    assert not any("newsletter" in t for t in texts)


def test_summary_is_in_reading_order_oldest_article_first(
    story: tuple[AnnotatedArticle, ...],
) -> None:
    by_id = {a.article.id: a.article for a in story}
    keys = [
        (by_id[s.span.article_id].published, s.span.article_id, s.span.start)
        for s in summarize(story, words=250)
    ]
    assert keys == sorted(keys)
    assert keys[0][0] == dt.date(2031, 5, 6)


def test_summary_short_budget_takes_the_content_every_outlet_reports(
    story: tuple[AnnotatedArticle, ...],
) -> None:
    (only,) = summarize(story, words=30)
    assert "Tamsin Dam" in only.text and "4,000" in only.text


@pytest.mark.issue(10)
def test_summary_takes_no_sentence_from_an_article_annotated_without_sentences() -> None:
    bare = tuple(AnnotatedArticle(article=_article(o)) for o in ("ledger", "courier"))
    assert summarize(bare, words=60) == ()


def test_summary_of_nothing_is_empty(nlp: Any) -> None:
    assert summarize((), words=250) == ()
    assert summarize_texts([], words=250, nlp=nlp) == []
    assert summarize_texts(["Too short."], words=250, nlp=nlp) == []


def test_summarize_texts_single_document_falls_back_to_its_lead(nlp: Any) -> None:
    doc = ARTICLE_TEXTS["herald"]
    first = doc[: doc.index("fled the flood.") + len("fled the flood.")]
    assert summarize_texts([doc], words=30, nlp=nlp) == [first]
    assert summarize_texts([doc], words=250, nlp=nlp)[0] == first


def test_summarize_texts_uses_spacy_sentences_given_or_parsed(nlp: Any) -> None:
    docs = [ARTICLE_TEXTS["courier"], ARTICLE_TEXTS["herald"]]
    parsed = summarize_texts(docs, words=100, nlp=nlp)
    given = summarize_texts(docs, words=100, sentences=sentence_spans(docs, nlp))
    assert parsed == given
    assert sum(len(s.split()) for s in parsed) <= 100


# Quotations of several sentences, a heading glued to a sentence, a lower-case fragment:
# what a regex or spaCy split leaves, and what a summary must never show (issue #10).
QUOTED = (
    "Hundreds of families slept in the Orvella school gym on Wednesday night. "
    "“We lost everything. The water came at night and took the ground floor,” said "
    "Marta Kell, a baker who has lived in the town for forty years. "
    "that summer with the goal of stopping the water before it reached the square"
)


@pytest.mark.issue(10)
def test_summary_sentences_are_whole_sentences_with_closed_quotes(nlp: Any) -> None:
    docs = [QUOTED, ARTICLE_TEXTS["herald"], ARTICLE_TEXTS["courier"]]
    out = summarize_texts(docs, words=250, nlp=nlp)
    assert any(s.startswith("“We lost everything.") and s.endswith("forty years.") for s in out)
    for s in out:
        assert complete(s), s


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"We lost everything," she said.', True),
        ("“We lost everything. The water came at night,” she said.", True),
        ("Mayor Ilse Varga said the shelters were full by noon.", True),
        ("2,000 people fled the town on Tuesday.", True),
        ("that summer with the goal of stopping it from reaching the square.", False),
        ("” said Marta Kell, a baker in the town for forty years.", False),
        ('" said Marta Kell, a baker in the town for forty years.', False),
        ("“We lost everything.", False),
        ("The water came at night and took the ground floor,”", False),
        ("Dam fails above the town of Orvella", False),
        ("Flood warning\nThe river rose four feet overnight.", False),
    ],
)
def test_complete_rejects_fragments(text: str, expected: bool) -> None:
    assert complete(text) is expected


def test_quote_units_join_a_quotation_split_over_sentences() -> None:
    t = QUOTED
    spans = [(0, 72), (73, 93), (94, 213), (214, len(t))]
    units = [t[s:e] for s, e in quote_units(t, spans)]
    assert units[1].startswith("“We lost everything.") and units[1].endswith("forty years.")
    assert len(units) == 3


def test_trim_cuts_a_heading_line_off_the_sentence() -> None:
    t = "Flood warning\nThe river rose four feet overnight.  "
    assert [t[s:e] for s, e in trim(t, 0, len(t))] == [
        "Flood warning",
        "The river rose four feet overnight.",
    ]


def test_select_skips_near_identical_sentences_across_documents() -> None:
    cands = [Candidate(d, 0, WIRE) for d in range(3)] + [
        Candidate(d, 1, "Mayor Ilse Varga said the shelters of Orvella were full by noon.")
        for d in range(2)
    ]
    chosen = select(cands, 250)
    assert [c.text for c in chosen] == [WIRE, chosen[1].text]
    assert chosen[1].text.startswith("Mayor")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The river rose four feet overnight and flooded the lower town.", True),
        ("Mayor Ilse Varga said the shelters were full by noon.", True),
        ("Click here to read the full story about the flood today.", False),
        ("Sign up for our newsletter to get the news every morning.", False),
        ("Photo: rescue boats on the flooded main street of Orvella.", False),
        ("Write to the editors at desk@orvella-ledger.example with tips.", False),
        ("Watch the video at https://video.example/flood for more images.", False),
        ("THE DAM HAS FAILED AND THE TOWN IS UNDER WATER TONIGHT", False),
        ("Too short to matter.", False),
        ("the river rose four feet overnight and flooded the lower town.", False),
        (" ".join(["word"] * 60) + ".", False),
    ],
)
def test_usable_rejects_boilerplate_headings_and_fragments(text: str, expected: bool) -> None:
    assert usable(text) is expected


def test_summary_span_points_into_the_right_article(
    story: tuple[AnnotatedArticle, ...],
) -> None:
    texts = _texts(story)
    for s in summarize(story, words=120):
        assert isinstance(s.span, Span)
        assert _cut_of(s.text, s.span.text(texts[s.span.article_id]))


UNRELATED = (
    "Gulls circled above the harbour wall before dawn.",
    "A brass band rehearsed quietly in the chapel.",
    "Cyclists queued outside a bakery selling pretzels.",
    "Pensioners played chess beneath the chestnut trees.",
    "Kites drifted across meadows south of Kettleby.",
)


def test_select_prefers_the_sentence_that_names_the_story_again() -> None:
    # Two candidates for the second place add one cross-source word each (equal gain when
    # every term counts once); the later one also names the mayor, the shelters and the
    # town the lead is about, as a reader's summary would: soft coverage prefers it, and so
    # does the learned sentence factor (closer to what all sources say).
    lead = "Mayor Ilse Varga opened the flood shelters of Orvella on Tuesday."
    other = "Volunteers from nearby farms brought heavy sandbags to the riverside."
    again = "Varga said the shelters of Orvella had enough blankets overnight."
    cands = [
        Candidate(0, 0, lead),
        Candidate(0, 1, other),
        Candidate(1, 0, lead),
        Candidate(1, 1, again),
        # a third source, whose late sentences make "sandbags" and "blankets" cross-source
        *(Candidate(2, p, text) for p, text in enumerate(UNRELATED)),
        Candidate(2, 5, "Trucks carried more sandbags into the town later that afternoon."),
        Candidate(2, 6, "Trucks carried more blankets into the town later that afternoon."),
    ]
    assert [c.text for c in select(cands, 22)] == [lead, again]


def test_select_prefers_a_lead_with_the_shared_facts_over_a_late_reader_appeal() -> None:
    # Every source's lead tells the same fictional event; the late sentence of the first
    # source repeats its words in an appeal to readers. The learned sentence factor
    # (position, closeness to what all sources say) puts a lead first.
    leads = [
        "Floodwater from the Keld River cut the rail line between Amsel and Dornby on "
        "Friday, stranding 300 passengers overnight.",
        "The Keld River flooded the rail line between Amsel and Dornby on Friday, and 300 "
        "passengers spent the night on stranded trains.",
        "Rail services between Amsel and Dornby stopped on Friday after the Keld River "
        "flooded the line, stranding 300 passengers.",
    ]
    appeal = (
        "Readers who were stranded on the Amsel and Dornby rail line by the Keld River "
        "flood on Friday can send us their photos."
    )
    filler = [
        "The station cafe stayed open late and served soup to everyone waiting inside.",
        "A spokesman for the operator apologised and promised refunds within two weeks.",
    ]
    cands = [Candidate(d, 0, lead) for d, lead in enumerate(leads)]
    cands += [Candidate(0, p, text) for p, text in enumerate(filler, start=1)]
    cands.append(Candidate(0, 3, appeal))
    one = select(cands, 22)
    assert len(one) == 1 and one[0].text in leads
    assert appeal not in [c.text for c in select(cands, 45)]


# A fictional dam story in three reports. The first report's "She said ..." sentence
# carries the story's shared words, but the sentence naming the mayor before it does not.
DAM_REPORTS = [
    [
        "Engineers inspected the Tamsin Dam above Orvella on Monday after days of rain.",
        "The mayor toured the two shelters in the town during the afternoon.",
        "She said about 4,000 residents had left their homes below the cracked spillway.",
        "Schools in the valley will stay closed until Friday, the district said.",
    ],
    [
        "Water poured through a crack in the spillway of the Tamsin Dam on Monday.",
        "About 4,000 residents of Orvella left their homes, the fire service said.",
        "Rescue crews used boats to reach farms cut off by the flooding.",
    ],
    [
        "Residents of Orvella returned on Thursday after the Tamsin Dam spillway was repaired.",
        "Repairs to the cracked spillway took three days, engineers said.",
    ],
]


def test_summary_keeps_a_pronoun_sentence_right_after_the_one_that_names_the_person() -> None:
    reports = [
        [
            "Mayor Ilse Varga said about 4,000 residents of Orvella fled when the Tamsin Dam "
            "cracked.",
            "She said the cracked spillway of the Tamsin Dam would be repaired by Friday.",
        ],
        [
            "About 4,000 residents of Orvella fled after the Tamsin Dam cracked on Monday.",
            "Engineers said the spillway would be repaired by Friday.",
        ],
    ]
    cands = [Candidate(d, p, t) for d, doc in enumerate(reports) for p, t in enumerate(doc)]
    texts = [c.text for c in select_introduced(cands, 60)]
    assert texts[0] == " ".join(reports[0])  # chosen as one unit, its span over both


# A fictional port strike in three reports: the first report's quotations carry the
# story's words, but the sentence naming who said them does not.
STRIKE_REPORTS = [
    [
        "Talks at the harbour authority broke down in the early hours of the morning.",
        "The union's regional secretary spoke to reporters at the gate afterwards.",
        "“About 1,200 dock workers will stay out until the unpaid overtime is paid,” she said.",
        "“Forty ships are already waiting offshore, and more arrive every day.”",
    ],
    [
        "About 1,200 dock workers at the port of Valmara walked out on Tuesday.",
        "Forty ships were waiting offshore by the evening, the harbour master said.",
        "The dispute is over unpaid overtime from the summer season.",
    ],
    [
        "The Valmara strike over unpaid overtime entered its second day on Wednesday.",
        "Shipping agents said forty ships were waiting offshore.",
    ],
]


# The strike again: now the first report's central sentence counts its time from the
# sentence before it.
WEEK_EARLIER_REPORTS = [
    [
        *STRIKE_REPORTS[0][:2],
        "A week earlier, about 1,200 dock workers had walked out over unpaid overtime.",
    ],
    *STRIKE_REPORTS[1:],
]


@pytest.mark.parametrize(
    ("reports", "leaning", "words"),
    [
        *((DAM_REPORTS, "She said", w) for w in (30, 45, 60)),  # "She said ..."
        *((STRIKE_REPORTS, "“", w) for w in (30, 50, 80)),  # "“...,” she said." and "“...”"
        *((WEEK_EARLIER_REPORTS, "A week earlier", w) for w in (30, 45, 60)),  # which week?
    ],
)
def test_summary_never_leaves_a_sentence_leaning_on_someone_it_did_not_name(
    reports: list[list[str]], leaning: str, words: int
) -> None:
    cands = [Candidate(d, p, t) for d, doc in enumerate(reports) for p, t in enumerate(doc)]
    assert any(c.text.startswith(leaning) for c in select(cands, words))  # the risk
    texts = [c.text for c in select_introduced(cands, words)]
    assert not any(t.startswith(leaning) for t in texts)
    assert sum(len(t.split()) for t in texts) >= words - 20  # the budget is refilled


def test_summary_keeps_a_quotation_right_after_the_sentence_that_names_the_speaker() -> None:
    report = [
        "Union secretary Mara Quint said 1,200 dock workers at Valmara walked out on Tuesday.",
        "“The harbour authority owes us three months of overtime,” she said.",
        "Forty ships were waiting offshore by the evening.",
    ]
    cands = [Candidate(0, p, t) for p, t in enumerate(report)]
    texts = [c.text for c in select_introduced(cands, 30)]
    assert texts == report[:2]
