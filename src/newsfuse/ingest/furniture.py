"""Tell the article body from what surrounds it: page furniture, datelines, bylines,
credit lines and photo captions.

Page furniture ("Read more:", share buttons, newsletter prompts) is removed from the
text. The dateline, byline, credits and captions stay in the text, so that offsets
point at what the outlet printed, and are returned as :class:`~newsfuse.model.Region`
spans plus their values for the article's metadata.

Rules work paragraph by paragraph (a paragraph is a run of lines separated by a blank
line, or a single line in one-sentence-per-line wire copy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Region

# Lines that are never article text. Matched against a whole stripped line.
FURNITURE = re.compile(
    r"^(?:read more\b.*|related:?.*|advertisement|accessibility links|skip to (?:main )?content"
    r"|share (?:this|on)\b.*|sign up for\b.*|subscribe\b.*|follow us\b.*|click here\b.*"
    r"|we use cookies\b.*|this article (?:was|has been) (?:amended|updated)\b.*"
    r"|copyright\b.*|©.*|all rights reserved\.?|image copyright\b.*|getty images|"
    r"(?:facebook|twitter|linkedin|email|print|whatsapp)(?:\s*[|·•]\s*(?:facebook|twitter|"
    r"linkedin|email|print|whatsapp))*)$",
    re.I,
)
# "AFP, WASHINGTON" / "WASHINGTON (Reuters) -" / "BEIRUT —" / "KYIV, Ukraine —".
_CITY = r"[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3}"
DATELINE_LINE = re.compile(rf"^(?:(?:[A-Z]{{2,6}}|Reuters|Xinhua),\s*)?{_CITY}$")
# A lone capitalised line like "WASHINGTON" is a dateline; a headline is not all caps.
DATELINE_LEAD = re.compile(
    rf"^(?P<dl>(?:(?:AFP|AP|REUTERS|UPI|DPA),\s*)?{_CITY}(?:,\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?)?"
    r"(?:\s*\((?:AP|AFP|Reuters|UPI|dpa)\))?)\s*(?:[—–]|-{1,2})\s+"
)
BYLINE = re.compile(
    r"^(?:By|BY)\s+(?P<names>[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3}"
    r"(?:\s*(?:,|and|&)\s*(?!Staff\b|Special\b|Senior\b|Chief\b|Correspondent\b)"
    r"[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3})*)"
    r"(?:\s*[,|]\s*.{0,60})?$"
)
CREDIT = re.compile(
    r"(?:contributed (?:reporting )?to this (?:report|article|story)"
    r"|reported from [A-Z][\w ]+\.?$|^Additional reporting by\b|^Reporting by\b"
    r"|^Writing by\b|^Editing by\b|^\([^)]{0,80}reporting[^)]{0,80}\)$"
    r"|^This (?:story|article|report) (?:was|is|has been) (?:first |originally )?"
    r"(?:published|produced|republished) (?:by|in|on|with)\b)",
)
# A caption ends with a parenthesised photo credit "(Name/AFP/Getty Images)" or starts
# with "Photo:"/"Image:"; or it is a short line that credits a photographer.
CAPTION_CREDIT = re.compile(
    r"\((?:[A-Z][\w.'\-]+(?: [A-Z][\w.'\-]+)*\s*/\s*)+[A-Z][\w.'\- ]+\)\s*$"
    r"|\((?:Photo|Photograph|Image)[^)]{0,80}\)\s*$",
)
# "... in Negombo, Sri Lanka Thursday, April 25, 2019 (AAP)": an agency alone in brackets
# at the very end, with no full stop after it. Likely a caption, but gold sets count the
# dates in it, so it stays body text and only the timeline leaves it out.
AGENCY_CREDIT_END = re.compile(
    r"\((?:AP|AAP|AFP|Reuters|EPA|PA|Getty Images|Xinhua|Bloomberg|ANI|PTI|dpa|UPI)\)\s*$"
)
CAPTION_LEAD = re.compile(r"^(?:Photo|Image|Caption|Picture)\s*:", re.I)
MAX_CAPTION_CHARS = 600  # captions are a sentence or two; longer paragraphs are body text


@dataclass
class Cleaned:
    """The text with furniture removed, the regions found, and their values."""

    text: str
    regions: list[Region] = field(default_factory=list)
    dateline: str | None = None
    byline: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _split_names(names: str) -> list[str]:
    """'Jane Doe and John Roe' -> ['Jane Doe', 'John Roe']."""
    return [n.strip() for n in re.split(r"\s*(?:,|\band\b|&)\s*", names) if n.strip()]


_AGENCIES = ("AFP", "AP", "REUTERS", "Reuters", "UPI", "DPA", "EFE", "ANSA", "Xinhua")


def _dateline_city(dateline: str) -> str:
    """'AFP, WASHINGTON' -> 'WASHINGTON'; 'KYIV, Ukraine' -> 'KYIV'; drops '(Reuters)'."""
    parts = [p.strip() for p in re.sub(r"\s*\(.*\)$", "", dateline).split(",")]
    if len(parts) > 1 and (
        parts[0] in _AGENCIES or (parts[0].isupper() and len(parts[0]) <= 6 and parts[1].isupper())
    ):
        parts = parts[1:]  # "AFP, WASHINGTON", "CW, GOMA": the agency comes first
    return parts[0]


def _paragraphs(text: str) -> list[str]:
    """Paragraphs: blank-line separated blocks, else one per line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n\n" in text.strip():
        blocks = re.split(r"\n\s*\n", text)
        return [re.sub(r"[ \t]*\n[ \t]*", " ", b).strip() for b in blocks if b.strip()]
    return [line.strip() for line in text.split("\n") if line.strip()]


def clean(text: str) -> Cleaned:
    """Remove page furniture and mark dateline, byline, credits and captions.

    >>> c = clean("By Ana Ruiz\\n\\nBEIRUT — Talks resumed.\\n\\nRead more: other story")
    >>> c.text
    'By Ana Ruiz\\n\\nBEIRUT — Talks resumed.'
    >>> c.byline, c.dateline
    (['Ana Ruiz'], 'BEIRUT')
    """
    out = Cleaned(text="")
    kept: list[str] = []
    pos = 0
    body_started = False
    for para in _paragraphs(text):
        if FURNITURE.match(para):
            out.removed.append(para)
            continue
        start = pos
        end = start + len(para)
        kind: str | None = None
        if not body_started and BYLINE.match(para):
            kind = "byline"
            out.byline.extend(_split_names(BYLINE.match(para).group("names")))  # type: ignore[union-attr]
        elif not body_started and DATELINE_LINE.match(para) and len(para) < 60:
            kind = "dateline"
            out.dateline = _dateline_city(para)
        elif len(para) <= MAX_CAPTION_CHARS and (
            CAPTION_CREDIT.search(para) or CAPTION_LEAD.match(para)
        ):
            kind = "caption"
            out.captions.append(para)
        elif body_started and len(para) < 300 and CREDIT.search(para):
            kind = "credit"
            out.credits.append(para)
        else:
            m = DATELINE_LEAD.match(para) if not body_started else None
            if m and out.dateline is None:
                dl = m.group("dl")
                out.dateline = _dateline_city(dl)
                out.regions.append(Region("dateline", start, start + len(dl)))
            body_started = True
        if kind:
            out.regions.append(Region(kind, start, end))  # type: ignore[arg-type]
        kept.append(para)
        pos = end + 2
    out.text = "\n\n".join(kept)
    return out
