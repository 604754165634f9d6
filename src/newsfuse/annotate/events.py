"""Events: body sentences whose main verb reports something that happened, dated.

A sentence is an event when a verb from :data:`TRIGGERS` (violence, movement, politics,
disasters, announcements, business) heads a clause in it and the sentence carries a date
from the dates stage, or inherits one: a sentence without a date takes the paragraph's
first date when an earlier sentence of the paragraph has one and it names a day, a week
or a month (the lead date sets the paragraph's time: "On Monday, rebels attacked the
base. They killed 12 soldiers." dates both; a later "down from 2016" aside does not move
it; a year, a season or a decade, "a breakthrough of the 1960s", is background and dates
no other sentence). The event takes that date, the places and the actors named in the
sentence. Event sentences with no date to inherit are left out: the
timeline needs a when.

The trigger is the verb nearest the root of the parse (the main clause's verb wins over
one in a relative clause); irregular past forms the lemmatizer misses ("retook",
"overran") are mapped in :data:`IRREGULAR`.

Limits: one event per sentence.
"""

from __future__ import annotations

from typing import Any

from ..model import Article, DateRef, Entity, Event, Place, Span

INHERITED = frozenset({"day", "week", "month"})  # precisions a later sentence inherits
TRIGGERS = frozenset(
    """
    kill attack strike bomb shell raid ambush capture retake recapture seize storm
    overrun liberate withdraw retreat invade deploy advance launch fire explode detonate
    kidnap abduct arrest detain execute assassinate clash fight battle surrender flee
    displace evacuate convene meet sign agree elect vote win lose resign appoint sworn
    announce declare impose lift sanction ban approve reject pass veto order begin start
    end halt suspend resume open close complete collapse flood erupt strike hit destroy
    damage burn crash sink rescue die injure wound merge acquire buy sell close file sue
    raise cut default rally protest march riot topple oust shoot stab behead massacre
    bombard besiege encircle surround recapture repel evict expel free release sentence
    convict indict charge acquit testify nominate inaugurate swear ratify enact ally
    quake ravage sweep engulf re-elect reelect
    """.split()
)
# Past forms the statistical lemmatizer leaves as they are.
IRREGULAR = {
    "retook": "retake",
    "overran": "overrun",
    "shot": "shoot",
    "fled": "flee",
    "swept": "sweep",
    "struck": "strike",
    "fought": "fight",
    "sank": "sink",
    "sunk": "sink",
    "swore": "swear",
    "sworn": "swear",
    "won": "win",
    "lost": "lose",
    "began": "begin",
    "begun": "begin",
    "hit": "hit",
    "quit": "quit",
    "slew": "slay",
    "stole": "steal",
}


def _lemma(tok: Any) -> str:
    """The verb's lemma, with irregular past forms the lemmatizer misses mapped."""
    return str(IRREGULAR.get(tok.lower_, tok.lemma_.lower()))


def _depth(tok: Any) -> int:
    """Distance from the token to the root of its sentence's parse."""
    n = 0
    while tok.head is not tok and n < 50:
        tok, n = tok.head, n + 1
    return n


def _paragraph_start(text: str, pos: int) -> int:
    """Offset where the paragraph holding ``pos`` begins."""
    return text.rfind("\n", 0, pos) + 1


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
            para = _paragraph_start(article.text, s0)
            earlier = [d for d in dates if para <= d.span.start < s0]
            # a day, a week or a month sets the paragraph's time; "a breakthrough of the
            # 1960s" or "in 2016" is background the next sentence does not happen in
            date = earlier[0] if earlier and earlier[0].precision in INHERITED else None
        if date is None:
            continue
        candidates = [
            t
            for t in sent
            if t.pos_ == "VERB" and _lemma(t) in TRIGGERS and t.dep_ not in ("amod", "compound")
        ]
        if not candidates:
            continue
        trigger = min(candidates, key=_depth)
        text = sent.text.strip()
        start = s0 + (len(sent.text) - len(sent.text.lstrip()))

        def in_sent(m: Any, s0: int = s0, s1: int = s1) -> bool:
            return bool(s0 <= m.span.start < s1)

        out.append(
            Event(
                text=text,
                span=Span(article.id, start, start + len(text)),
                trigger=_lemma(trigger),
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
