"""Summary sentences lose what reads oddly out of place, never who said it (issue #10)."""

from __future__ import annotations

import pytest

from newsfuse.fuse.compress import compress
from newsfuse.fuse.summary import complete


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "ORVELLA, Lakeland (AP) — The Tamsin Dam failed early on Tuesday morning.",
            "The Tamsin Dam failed early on Tuesday morning.",
        ),
        (
            "Orvella (Reuters) - Rescue crews pulled 120 people from rooftops.",
            "Rescue crews pulled 120 people from rooftops.",
        ),
        (
            "LAKEPORT — The regional water agency closed the valley road at noon.",
            "The regional water agency closed the valley road at noon.",
        ),
        (
            "LAKEPORT/ORVELLA – Halden Group agreed to buy Orvane Pharma on Tuesday.",
            "Halden Group agreed to buy Orvane Pharma on Tuesday.",
        ),
        (
            "However, the spillway had been cracked since the spring floods.",
            "The spillway had been cracked since the spring floods.",
        ),
        (
            "Mayor Ilse Varga (who took office in the spring) opened two shelters by noon.",
            "Mayor Ilse Varga opened two shelters by noon.",
        ),
    ],
)
def test_compress_cuts_datelines_connectives_and_asides(sentence: str, expected: str) -> None:
    assert compress(sentence) == expected
    assert complete(compress(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        # who said it stays: attribution, quotation and speaker
        "The river will crest on Wednesday evening, the regional water agency said.",
        "“We lost everything,” said Dora Fenn, who had lived by the river for 40 years.",
        # an aside with a figure, an acronym being introduced
        "The dam holds back 40 million cubic metres (about 1.4 billion cubic feet) of water.",
        "The Lakeland Water Authority (LWA) ordered an inspection of every dam on the river.",
        # a hyphen after a name in capitals is no dateline; "But" stays (summaries use it)
        "U.S. - Lakeland talks on the dam resumed after a long pause.",
        "But the engineers said the spillway could not be repaired before winter.",
        # what is left would be too short to stand as a summary sentence
        "Meanwhile, the levees held.",
    ],
)
def test_compress_keeps_sentences_it_must_not_cut(sentence: str) -> None:
    assert compress(sentence) == sentence
