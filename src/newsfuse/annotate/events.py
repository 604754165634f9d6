"""Events: body sentences whose main verb reports something that happened, dated.

A sentence is an event when a verb from :data:`TRIGGERS` (violence, movement, politics,
disasters, announcements, business) heads a clause in it and the sentence carries a date
from the dates stage. The event takes that date, the places and the actors named in the
sentence. Undated event sentences are left out: the timeline needs a when.

Limits: one event per sentence (the first trigger); a date elsewhere in the paragraph
does not carry over.
"""

from __future__ import annotations

from typing import Any

from ..model import Article, DateRef, Entity, Event, Place, Span

TRIGGERS = frozenset(
    """
    kill attack strike bomb shell raid ambush capture retake recapture seize storm
    overrun liberate withdraw retreat invade deploy advance launch fire explode detonate
    kidnap abduct arrest detain execute assassinate clash fight battle surrender flee
    displace evacuate convene meet sign agree elect vote win lose resign appoint sworn
    announce declare impose lift sanction ban approve reject pass veto order begin start
    end halt suspend resume open close complete collapse flood erupt strike hit destroy
    damage burn crash sink rescue die injure wound merge acquire buy sell close file sue
    raise cut default rally protest march riot topple oust
    """.split()
)


def extract_events(
    article: Article,
    doc: Any,
    entities: tuple[Entity, ...],
    places: tuple[Place, ...],
    dates: tuple[DateRef, ...],
) -> tuple[Event, ...]:
    """Dated event sentences, in text order.

    Args:
        article: the article (only body sentences are read).
        doc: its spaCy Doc.
        entities: actors named in a sentence are listed on its event.
        places: places named in a sentence are listed on its event.
        dates: the sentence's first date dates the event.
    """
    out = []
    for sent in doc.sents:
        s0, s1 = sent.start_char, sent.end_char
        if not article.in_body(s0, s1):
            continue
        date = next((d for d in dates if s0 <= d.span.start < s1), None)
        if date is None:
            continue
        trigger = next(
            (
                t
                for t in sent
                if t.pos_ == "VERB" and t.lemma_.lower() in TRIGGERS and t.dep_ != "amod"
            ),
            None,
        )
        if trigger is None:
            continue
        text = sent.text.strip()
        start = s0 + (len(sent.text) - len(sent.text.lstrip()))

        def in_sent(m: Any, s0: int = s0, s1: int = s1) -> bool:
            return bool(s0 <= m.span.start < s1)

        out.append(
            Event(
                text=text,
                span=Span(article.id, start, start + len(text)),
                trigger=trigger.lemma_.lower(),
                date=date.value,
                date_precision=date.precision,
                places=tuple(
                    dict.fromkeys(p.name for p in places if any(map(in_sent, p.mentions)))
                ),
                actors=tuple(
                    dict.fromkeys(e.name for e in entities if any(map(in_sent, e.mentions)))
                ),
            )
        )
    return tuple(out)
