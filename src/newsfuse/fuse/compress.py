"""Shorter summary sentences: what a reader can skip is cut, the sentence stays whole.

A summary sentence is read out of its place: a wire dateline ("WASHINGTON (AP) — "), a
connective that pointed at the sentence before it in the article ("However,",
"Meanwhile,") or a parenthetical aside reads oddly there and spends the word budget.
:func:`compress` cuts them. It keeps what a reader needs to weigh a claim: attributions
(", police said") and the speaker of a quotation stay (a sentence holding a quotation
mark is left whole), an aside holding a figure stays, and so does an acronym being
introduced. A cut sentence still starts with a capital and ends with terminal
punctuation; the summary cites the whole source sentence's span, and the words shown
are that sentence's words in order (the first letter raised to a capital).
"""

from __future__ import annotations

import re

# "WASHINGTON (AP) — ", "NEW YORK (Reuters) - ", "Tokyo (CNN) ", "LONDON — ",
# "LONDON/TOKYO – ", "(CNN) -- ":
# a place in capitals before a dash, or a wire agency in brackets; a plain hyphen only
# after an agency, so "U.S. - China talks" keeps its subject.
_AGENCY = r"\((?:AP|Reuters|AFP|CNN|UPI|dpa|Xinhua|Bloomberg|Yonhap|Kyodo|ANI|PTI)\)"
_DATELINE = re.compile(
    r"^(?:(?:[A-Z][A-Za-z.,' ]{1,40})?\s*" + _AGENCY + r"\s*(?:—|–|--|-)?"
    r"|(?:[A-Z][A-Z.,'/ ]{1,40})?\s*(?:—|–|--))\s+"
)
_LEAD_WORDS = re.compile(
    r"^(?:(?:However|Meanwhile|Still|Also|Instead|Moreover|Indeed|"
    r"In addition|Nonetheless|Nevertheless|Now|Yet|Additionally|Further(?:more)?|"
    r"In fact|Of course|At the same time|For (?:his|her|their|its) part),\s+)"
)
# an aside of two words or more in brackets, without figures (a converted unit, a count)
# and not an acronym being introduced ("(NFL)")
_PAREN = re.compile(r"\s+\((?=[^()]*[a-z])[^()\"“”\d\s]+(?: [^()\"“”\d\s]+){1,10}\)(?=[\s,.;:!?])")
_TERMINAL = re.compile(r"[.!?]$")
MIN_WORDS = 6  # a shorter result is not worth a sentence of the summary


def compress(sentence: str) -> str:
    """The sentence without its dateline, opening connective and asides.

    Returns the sentence unchanged when it holds a quotation mark (the speaker of a
    quote stays), or when cutting would leave it without a capital start or a full
    stop.

    >>> compress("Meanwhile, the river rose four feet overnight, police said on Tuesday.")
    'The river rose four feet overnight, police said on Tuesday.'
    >>> compress("WASHINGTON (AP) — The Senate passed the bill (a rare event) late at night.")
    'The Senate passed the bill late at night.'
    >>> compress("Tokyo (CNN) Seven sailors are missing after the collision off the coast.")
    'Seven sailors are missing after the collision off the coast.'
    >>> compress("The National Football League (NFL) began a study (its largest yet) of injuries.")
    'The National Football League (NFL) began a study of injuries.'
    >>> compress("U.S. - China talks resumed in Geneva after a long pause.")
    'U.S. - China talks resumed in Geneva after a long pause.'
    >>> compress('"We lost everything," she said.')
    '"We lost everything," she said.'
    >>> compress("However, the toll (the regional office's count) rose to 12 on Sunday.")
    'The toll rose to 12 on Sunday.'
    """
    s = sentence.strip()
    if any(q in s for q in '"“”'):
        return s
    out = _DATELINE.sub("", s, count=1)
    out = _LEAD_WORDS.sub("", out, count=1)
    out = _PAREN.sub("", out)
    out = out.strip()
    if out == s:
        return s
    if not out or not _TERMINAL.search(out) or len(out.split()) < MIN_WORDS:
        return s
    if out[0].islower():
        out = out[0].upper() + out[1:]
    if not (out[0].isupper() or out[0].isdigit()):
        return s
    return out


__all__ = ["compress"]
