"""Whole-word occurrences of a literal name in a text, without a regex per name.

The entity stages look for every occurrence of each name they find ("Dillon", "KLF");
compiling ``(?<![\\w-])Dillon(?![\\w-])`` for each name cost more than the search. Here
``str.find`` finds the name and two precompiled one-character tests check its edges, with
the same result as ``re.finditer`` over that pattern.
"""

from __future__ import annotations

import re

WORD_OR_HYPHEN = re.compile(r"[\w-]")
WORD = re.compile(r"\w")


def name_spans(
    text: str, name: str, after: re.Pattern[str] = WORD_OR_HYPHEN
) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of ``name`` not preceded by a word character or a
    hyphen nor followed by a character ``after`` matches, left to right, not overlapping:
    what ``re.finditer(rf"(?<![\\w-]){re.escape(name)}(?!{after.pattern})", text)`` finds.

    >>> name_spans("Dillon, Dillon-Smith and McDillon met Dillon.", "Dillon")
    [(0, 6), (38, 44)]
    >>> name_spans("KLF-led KLF", "KLF", after=WORD)
    [(0, 3), (8, 11)]
    """
    if not name:
        pattern = rf"(?<![\w-]){re.escape(name)}(?!{after.pattern})"
        return [m.span() for m in re.finditer(pattern, text)]
    out = []
    size = len(name)
    pos = 0
    while (start := text.find(name, pos)) >= 0:
        end = start + size
        if (start == 0 or not WORD_OR_HYPHEN.match(text, start - 1)) and not after.match(text, end):
            out.append((start, end))
            pos = end
        else:
            pos = start + 1
    return out
