"""The scan shortcuts (cue words, str.find) find exactly what the full regex scans find."""

from __future__ import annotations

import re

import pytest

from newsfuse.annotate.occurrences import WORD, WORD_OR_HYPHEN, name_spans
from newsfuse.annotate.timex import PATTERNS, patterns_for

TEXTS = [
    "Talks in Harborton resume next Tuesday morning, three weeks after the Dec. 4 truce.",
    "The third quarter of last year was the worst since the 1990s; sales fell 4% year-ago.",
    "By late 2019, that summer's floods had reached the Easter week markets at 9 a.m. EST.",
    "A MONDAY meeting, then Christmas Eve, then the following day: nothing from 2001 to 2003.",
    "Two days earlier, on 12 March, officials said; the same week a ſummer festival opened.",
    "no dates at all in this line, just words and a number 17",
]


@pytest.mark.parametrize("text", TEXTS)
def test_cued_patterns_find_every_date_match(text: str) -> None:
    def spans(pairs: list[tuple[str, re.Pattern[str]]]) -> list[tuple[str, int, int]]:
        return [(kind, m.start(), m.end()) for kind, pat in pairs for m in pat.finditer(text)]

    assert spans(patterns_for(text)) == spans(PATTERNS)


def test_cued_patterns_skip_absent_cues() -> None:
    kinds = {kind for kind, _ in patterns_for("Shelling stopped at dawn in Harborton.")}
    assert "season" not in kinds and "holiday" not in kinds
    assert "year" in kinds  # no cue: always scanned


NAMES = ["Dillon", "KLF", "Al-Nour Front", "aa", "U.N.", "Ek"]
NAME_TEXTS = [
    "Dillon met McDillon and Dillon-Smith; later Dillon.",
    "KLF-led forces and the KLF, KLFs and -KLF said so. KLF",
    "the Al-Nour Front (Al-Nour Fronts) and al-Al-Nour Front",
    "aaa aa aa_ a-aa aa",
    "U.N. and U.N.s and xU.N. U.N.",
    "Ek, Eke, Ek-Ek, Ek",
]


@pytest.mark.parametrize("after", [WORD_OR_HYPHEN, WORD])
@pytest.mark.parametrize("text", NAME_TEXTS)
@pytest.mark.parametrize("name", NAMES)
def test_name_spans_equal_the_regex_scan(name: str, text: str, after: re.Pattern[str]) -> None:
    pattern = rf"(?<![\w-]){re.escape(name)}(?!{after.pattern})"
    assert name_spans(text, name, after) == [m.span() for m in re.finditer(pattern, text)]


def test_grouped_alias_pattern_finds_what_the_flat_list_finds() -> None:
    from newsfuse.annotate.aliases import AliasTable, is_acronym

    table = AliasTable()
    table.add("Kivu Liberation Front", ["KLF", "the Front", "Kivu Front"])
    table.add("Federal Reserve", ["Fed", "the Federal Reserve Board"])
    table.add("Harborton Labour Party", ["Labour", "HLP"])
    table.compile()
    text = (
        "The KLF and the kivu front met the Fed; fed up, Labour and labour (HLP) left. "
        "KLF-led, xKLF, the federal reserve board and Kivu Liberation Front."
    )
    words = sorted({*table.acronyms, *(n for ns in table.names.values() for n in ns)}, key=len)
    flat = [
        re.escape(w) if is_acronym(w) or " " not in w else f"(?i:{re.escape(w)})"
        for w in reversed(words)
    ]
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(flat) + r")(?![\w])")
    assert table.pattern is not None
    assert [m.span() for m in table.pattern.finditer(text)] == [
        m.span() for m in pattern.finditer(text)
    ]
    assert [canon for _, _, canon in table.find(text)].count("Federal Reserve") == 2


@pytest.mark.parametrize("text", TEXTS)
def test_first_character_lookaheads_change_no_date_match(text: str) -> None:
    from newsfuse.annotate.timex import FIRST_CHARS

    for kind, pat in PATTERNS:
        if kind not in FIRST_CHARS:
            continue
        lead = f"(?={FIRST_CHARS[kind]})(?:"
        assert pat.pattern.startswith(lead)
        bare = re.compile(pat.pattern[len(lead) : -1], pat.flags)
        assert [m.span() for m in pat.finditer(text)] == [m.span() for m in bare.finditer(text)]


SUBTREE_TEXTS = [
    "Brandt Logistics, which employs 3,400 people in Harborton, said on Monday that it "
    "would cut 450 jobs by March.",
    "Household size 1 $12,140 16,753 18,210 2 $16,460 22,715 24,690 3 $20,780 28,676 "
    "31,170 4 $25,100 34,638 37,650 were the limits the ministry published.",
    "At least 38 people died when the bridge, which carried 25,000 vehicles a day, fell.",
]


@pytest.mark.parametrize("text", SUBTREE_TEXTS)
def test_subtree_walk_up_agrees_with_the_full_subtree(text: str) -> None:
    """The figures stage asks "is this number inside that subject?" by walking up from
    the number; the answer must be the full subtree's for every pair of tokens."""
    from newsfuse.annotate.figures import _in_subtree
    from newsfuse.annotate.resources import load_nlp

    doc = load_nlp()(text)
    for head in doc:
        inside = {t.i for t in head.subtree}
        assert [_in_subtree(tok, head) for tok in doc] == [tok.i in inside for tok in doc]
