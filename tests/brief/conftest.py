"""A hand-built fictional story with every kind of claim, and hostile strings."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.brief import make_brief
from newsfuse.model import (
    Brief,
    Claim,
    ClaimValue,
    Mention,
    Span,
    Story,
    StoryEntity,
    StoryQuote,
    SummarySentence,
    TimelineEntry,
    new_article,
)

A_TEXT = (
    "VALPARAISO, Chile — The earthquake killed 212 people, the agency said. About 4,000 "
    "were left homeless. “We are still pulling people out,” said Interior Minister Tomas "
    "Aravena. <script>alert('a')</script> Rescuers came from Argentina."
)
B_TEXT = (
    "The earthquake killed 300 people, officials said. More than 3,000 were left homeless. "
    'Aid of $50 million was released. Click <a href="javascript:alert(2)">here</a>.'
)


def _span(article, phrase: str) -> Span:
    start = article.text.index(phrase)
    return Span(article.id, start, start + len(phrase))


@pytest.fixture(scope="session")
def brief() -> Brief:
    a = new_article(
        A_TEXT,
        outlet="Pacific Herald",
        title="Quake <b>kills</b> 212",
        published=dt.date(2024, 3, 6),
        dateline="VALPARAISO",
        url="https://example.org/a",
    )
    b = new_article(
        B_TEXT,
        outlet="Andes Wire",
        title="Toll rises to 300",
        published=dt.date(2024, 3, 7),
        url="javascript:alert(3)",
    )
    c = new_article(
        B_TEXT + " Copy.", outlet="Coast Daily", published=dt.date(2024, 3, 7), duplicate_of=b.id
    )
    killed = Claim(
        "c1",
        "people killed",
        "people killed",
        "conflicting",
        (
            ClaimValue(
                a.id, a.outlet, 212, "exact", "killed 212 people", _span(a, "killed 212 people")
            ),
            ClaimValue(
                b.id, b.outlet, 300, "exact", "killed 300 people", _span(b, "killed 300 people")
            ),
        ),
        explanation="212 and 300 cannot both be true",
    )
    homeless = Claim(
        "c2",
        "people homeless",
        "people",
        "consistent",
        (
            ClaimValue(a.id, a.outlet, 4000, "about", "About 4,000", _span(a, "About 4,000")),
            ClaimValue(
                b.id, b.outlet, 3000, "more than", "More than 3,000", _span(b, "More than 3,000")
            ),
        ),
        explanation="the qualifiers allow both",
    )
    aid = Claim(
        "c3",
        "aid",
        "dollars",
        "single",
        (
            ClaimValue(b.id, b.outlet, 50e6, "exact", "$50 million", _span(b, "$50 million")),
            ClaimValue(
                c.id,
                c.outlet,
                50e6,
                "exact",
                "$50 million",
                _span(c, "$50 million"),
                independent=False,
            ),
        ),
        explanation="one independent source (the others are copies of it)",
    )
    minister = StoryEntity(
        "p1",
        "person",
        "Tomas Aravena",
        (),
        (Mention("Tomas Aravena", _span(a, "Tomas Aravena")),),
        titles=("Interior Minister",),
        roles=(("Interior Minister", _span(a, "Interior Minister")),),
    )
    hostile = StoryEntity("o1", "organization", "<img src=x onerror=alert(1)>", (), ())
    chile = StoryEntity(
        "l1",
        "place",
        "Valparaíso",
        (),
        (Mention("VALPARAISO", _span(a, "VALPARAISO")),),
        country="CL",
        lat=-33.04,
        lon=-71.63,
    )
    argentina = StoryEntity(
        "l2",
        "place",
        "Argentina",
        (),
        (Mention("Argentina", _span(a, "Argentina")),),
        country="AR",
        lat=-34.0,
        lon=-64.0,
    )
    story = Story(
        id="s0123456789a",
        title="Chile earthquake <script>alert('t')</script>",
        article_ids=(a.id, b.id, c.id),
        entities=(minister, hostile, chile, argentina),
        claims=(killed, homeless, aid),
        timeline=(
            TimelineEntry(
                "2024-03-05", "day", "The earthquake struck.", (_span(a, "The earthquake killed"),)
            ),
        ),
        summary=(
            SummarySentence(
                "The earthquake killed 212 people, the agency said.",
                _span(a, "The earthquake killed 212 people, the agency said."),
            ),
        ),
        quotes=(
            StoryQuote(
                "Tomas Aravena",
                "We are still pulling people out",
                _span(a, "We are still pulling people out"),
            ),
        ),
        first_published=dt.date(2024, 3, 6),
        last_published=dt.date(2024, 3, 7),
    )
    return make_brief(story, [a, b, c], generated="2024-03-08T00:00:00+00:00")
