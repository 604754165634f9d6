"""Datelines, bylines, credits and captions are marked; page furniture is removed."""

from __future__ import annotations

import pytest

from newsfuse.ingest import article_from_text
from newsfuse.ingest.furniture import clean

BODY = "Talks between the two delegations resumed on Monday after a pause of six weeks."


@pytest.mark.parametrize(
    "text, dateline",
    [
        (f"AFP, WASHINGTON\n\n{BODY}", "WASHINGTON"),
        (f"BEIRUT — {BODY}", "BEIRUT"),
        (f"KYIV, Ukraine — {BODY}", "KYIV"),
        (f"WASHINGTON (Reuters) - {BODY}", "WASHINGTON"),
        (f"NAIROBI -- {BODY}", "NAIROBI"),
        (f"Washington said on Monday that {BODY}", None),  # a subject, not a dateline
        (f"The UN — and its agencies — said {BODY}", None),
        (BODY, None),
    ],
)
def test_dateline_is_detected_only_at_the_start(text: str, dateline: str | None) -> None:
    a = article_from_text(text)
    assert a.dateline == dateline
    assert bool([r for r in a.regions if r.kind == "dateline"]) == (dateline is not None)


@pytest.mark.parametrize(
    "line, names",
    [
        ("By Jane Doe", ("Jane Doe",)),
        ("By Jane Doe and John Roe", ("Jane Doe", "John Roe")),
        ("BY Ana Ruiz, Staff Writer", ("Ana Ruiz",)),
        ("Byelection results were announced", ()),
    ],
)
def test_byline(line: str, names: tuple[str, ...]) -> None:
    a = article_from_text(f"{line}\n\n{BODY}")
    assert a.byline == names


@pytest.mark.parametrize(
    "para, kind",
    [
        ("Rescuers search the rubble in Antakya on Tuesday. (Lena Fox/Reuters)", "caption"),
        ("Photo: Firefighters at the scene of the blaze.", "caption"),
        ("Maria Lind in Oslo contributed to this report.", "credit"),
        ("Okafor reported from Lagos.", "credit"),
        ("Additional reporting by Sam Reyes", "credit"),
        ("This story was first published by Continental Wire.", "credit"),
        ("This article was originally published in The Valley Post.", "credit"),
        ("The minister (pictured) said the plan would work.", None),
        ("Officials said the report would be published next week.", None),
    ],
)
def test_caption_and_credit_regions(para: str, kind: str | None) -> None:
    text = f"{BODY}\n\n{BODY}\n\n{para}" if kind != "caption" else f"{para}\n\n{BODY}"
    a = article_from_text(text)
    kinds = {r.kind for r in a.regions}
    if kind is None:
        assert not kinds
        return
    assert kind in kinds
    region = next(r for r in a.regions if r.kind == kind)
    assert a.text[region.start : region.end] == para
    assert not a.in_body(region.start, region.end)
    assert (a.credits if kind == "credit" else a.captions) == (para,)


@pytest.mark.parametrize(
    "junk",
    [
        "Read more: Ten things to know",
        "Share this article",
        "Sign up for our morning newsletter",
        "Advertisement",
        "Accessibility links",
        "Facebook | Twitter | Email",
        "© 2023 Harbor Post",
    ],
)
def test_page_furniture_is_removed(junk: str) -> None:
    cleaned = clean(f"{BODY}\n\n{junk}\n\n{BODY}")
    assert junk not in cleaned.text
    assert cleaned.text == f"{BODY}\n\n{BODY}"
    assert cleaned.removed == [junk]


def test_offsets_of_kept_text_match_what_was_published() -> None:
    text = f"AFP, WASHINGTON\n\n{BODY}\n\nSam Reyes contributed to this report."
    a = article_from_text(text)
    assert a.text == text
