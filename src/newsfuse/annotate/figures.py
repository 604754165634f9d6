"""Figures: numbers that count or measure something, with value, unit and qualifier.

Method, per number in the body text:

1. **Value**: digits ("30,000", "5.4 million", "$3 billion", "98%"), spelled-out numbers
   ("three", "a dozen", "twenty-five"), and vague amounts coded conservatively as
   conflict-event coders do (ACLED, UCDP): "dozens" 12, "scores" 20, "hundreds" 100,
   "thousands" 1,000, "tens of thousands" 10,000, "hundreds of thousands" 100,000,
   "millions" 1,000,000, each with qualifier "at least". "Not a single X" is 0.
2. **Qualifier** from the words before it: about/around/some/roughly/approximately ->
   about; nearly/almost -> nearly; more than/over/upwards of -> more than; fewer
   than/less than/under -> less than; at least -> at least; up to/as many as -> up to;
   "peak of" -> peak; otherwise exact.
3. **Unit**: the head noun of the counted phrase from the parse ("strikes", "troops",
   "square miles", "percent"); a participle of harm or movement turns it into "people
   killed", "pilgrims killed"; a number with no noun ("more than 5,000 in Iraq") takes
   the unit of the previous figure in the sentence, else the last plural noun before it.
4. **Context**: a place named in the same clause, and a date in the same sentence.

Not figures: years and other parts of dates (the dates stage marks them), times of
day, ordinals, ages ("35-year-old"), numbers inside names ("ISIS 2.0", "Resolution
2254"), "one" as a pronoun ("one of", "one step").
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Article, DateRef, Entity, Figure, Place, Span

SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "m": 1e6,
    "bn": 1e9,
    "k": 1e3,
    "mn": 1e6,
}
WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
VAGUE = {  # amount -> value coded with qualifier "at least"
    "tens of thousands": 10_000,
    "hundreds of thousands": 100_000,
    "tens of millions": 10_000_000,
    "hundreds of millions": 100_000_000,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1_000,
    "millions": 1_000_000,
    "billions": 1_000_000_000,
}
QUALIFIERS = [
    (r"more than|over|upwards of|in excess of|above|exceeding", "more than"),
    (r"fewer than|less than|under|below", "less than"),
    (r"at least|a minimum of|no fewer than|no less than", "at least"),
    (r"up to|as many as|as much as|a maximum of", "up to"),
    (r"nearly|almost|close to|just under|just shy of", "nearly"),
    (
        r"about|around|some|roughly|approximately|an estimated|estimated|about|around|"
        r"some|nearly about",
        "about",
    ),
    (r"(?:the |a )?peak of|peaked at|a high of|a record", "peak"),
]
_QUAL_RE = re.compile(
    r"(?P<q>" + "|".join(f"(?:{p})" for p, _ in QUALIFIERS) + r")[ \u00a0]+$", re.I
)
CURRENCY = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
_WORD_NUM = "|".join(sorted(WORDS, key=len, reverse=True))
NUMBER = re.compile(
    r"(?P<cur>US\$|\$|€|£|¥|₹)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:[ \u00a0]?(?P<scale>thousand|million|billion|trillion|bn|mn|m|k)\b)?(?P<pct>%)?"
    r"|(?P<vague>tens of thousands|hundreds of thousands|tens of millions|hundreds of millions|"
    r"dozens|scores|hundreds|thousands|millions|billions)(?= of\b)"
    rf"|\b(?P<word>(?:{_WORD_NUM})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)"
    r"(?:[ \u00a0](?P<wscale>hundred|thousand|million|billion))?\b"
    r"|\b(?P<zero>not a single|no single)\b",
    re.I,
)
HARM = {
    "kill": "killed",
    "injure": "injured",
    "wound": "wounded",
    "displace": "displaced",
    "arrest": "arrested",
    "detain": "detained",
    "evacuate": "evacuated",
    "rescue": "rescued",
    "abduct": "abducted",
    "kidnap": "kidnapped",
    "jail": "jailed",
    "execute": "executed",
    "flee": "fled",
    "strand": "stranded",
    "hospitalize": "hospitalized",
    "die": "dead",
}
AREA = {
    "square miles": ("km2", 2.58999),
    "square mile": ("km2", 2.58999),
    "square kilometers": ("km2", 1.0),
    "square kilometres": ("km2", 1.0),
    "hectares": ("km2", 0.01),
    "acres": ("km2", 0.00404686),
    "miles": ("km", 1.60934),
    "kilometers": ("km", 1.0),
    "kilometres": ("km", 1.0),
    "km": ("km", 1.0),
}
NOT_UNITS = {
    "of",
    "the",
    "a",
    "an",
    "and",
    "or",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "as",
    "that",
    "which",
    "who",
    "than",
    "per",
}
TIME_AFTER = re.compile(r"^[ \u00a0]?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|o'clock|:\d\d)", re.I)
AGE_AFTER = re.compile(r"^-(?:year|month|week|day)s?-old", re.I)


# A capitalised word right before a number names it, unless it starts the sentence or
# is a qualifier ("About 40 ...").
_NAME_BEFORE = re.compile(
    r"(?<![.!?\n“\"] )(?<!^)\b(?!(?:About|Nearly|Almost|Some|Over|More|Fewer|Less|At|Up|"
    r"Roughly|Around|Just|Only|The|In|By|On|Of)\b)[A-Z][\w.\-]*[ \u00a0]$"
)


def _value(m: re.Match[str]) -> tuple[float, str | None, bool, str | None] | None:
    """(value, forced qualifier, is percent, currency) of a number match."""
    g = m.groupdict()
    if g["zero"]:
        return 0.0, "exact", False, None
    if g["vague"]:
        return float(VAGUE[g["vague"].lower()]), "at least", False, None
    if g["word"]:
        parts = g["word"].lower().split("-")
        value = float(sum(WORDS.get(p, 0) or {"one": 1}.get(p, 0) for p in parts))
        if g["wscale"]:
            value *= {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9}[
                g["wscale"].lower()
            ]
        return value, None, False, None
    value = float(g["num"].replace(",", ""))
    if g["scale"]:
        scale = g["scale"].lower()
        if scale in ("m", "k") and not g["cur"]:
            return None  # "5m" without currency is more often metres
        value *= SCALES[scale]
    return value, None, bool(g["pct"]), CURRENCY.get(g["cur"] or "")


def _head_after(doc: Any, char: int, limit: int = 5) -> Any:
    """The noun a number counts: the first noun after it, skipping modifiers."""
    span = doc.char_span(char, char, alignment_mode="expand") if char < len(doc.text) else None
    if span is None:
        return None
    i = span.start
    while i < len(doc) and doc[i].idx < char:
        i += 1
    for tok in doc[i : i + limit]:
        if tok.is_punct or tok.lower_ in NOT_UNITS or tok.pos_ in ("VERB", "AUX", "ADP", "DET"):
            return None
        if tok.pos_ in ("NOUN", "PROPN") and tok.tag_ in ("NNS", "NNPS", "NN", "NNP"):
            return tok
    return None


def _unit_from(tok: Any) -> str:
    """Unit text for a head noun: compounds joined ("square miles"), harm verbs added."""
    words = [tok.text]
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and prev.lower_ in ("square", "cubic"):
        words.insert(0, prev.lower_)
    unit = " ".join(words)
    if unit.lower() not in AREA and unit[0].isupper() and not tok.tag_.startswith("NNP"):
        unit = unit.lower()
    head = tok.head
    if tok.dep_ in ("dobj", "nsubjpass", "nsubj") and head.lemma_ in HARM:
        unit = f"{unit} {HARM[head.lemma_]}"
    elif (
        tok.i + 1 < len(tok.doc)
        and tok.doc[tok.i + 1].lemma_ in HARM
        and tok.doc[tok.i + 1].tag_ == "VBN"
    ):
        unit = f"{unit} {HARM[tok.doc[tok.i + 1].lemma_]}"
    return unit


def _plural_before(doc: Any, start_char: int, sent: Any) -> str | None:
    """The last plural noun before a position in the sentence (an ellipsis antecedent)."""
    best = None
    for tok in sent:
        if tok.idx >= start_char:
            break
        if tok.tag_ in ("NNS", "NNPS") and tok.pos_ in ("NOUN", "PROPN"):
            best = tok.text.lower() if not tok.tag_.startswith("NNP") else tok.text
    return best


_PLACE_GAP = re.compile(
    r"^[ \u00a0]+(?:\w+[ \u00a0]+){0,2}?(?:in|across|inside|near|at|from|throughout|of)[ \u00a0]+"
    r"(?:the[ \u00a0]+)?(?:[\w-]+[ \u00a0]+){0,2}$"
)


def _place_after(text: str, start: int, limit: int, places: tuple[Place, ...]) -> str | None:
    """The place a figure is about: 'troops in Syria', 'homes across the north of Chile'."""
    best: tuple[int, str] | None = None
    for p in places:
        for m in p.mentions:
            if start <= m.span.start < limit and _PLACE_GAP.match(text[start : m.span.start]):
                if best is None or m.span.start < best[0]:
                    best = (m.span.start, p.name)
    return best[1] if best else None


def _qualifier(text: str, start: int) -> tuple[str, int]:
    """Qualifier from the words before the number, and where the evidence starts."""
    before = text[max(0, start - 40) : start]
    m = _QUAL_RE.search(before)
    if not m:
        return "exact", start
    q = m.group("q").lower()
    for pattern, name in QUALIFIERS:
        if re.fullmatch(pattern, q):
            return name, start - len(before) + m.start("q")
    return "exact", start


def extract_figures(
    article: Article,
    doc: Any,
    entities: tuple[Entity, ...],
    places: tuple[Place, ...],
    dates: tuple[DateRef, ...],
) -> tuple[Figure, ...]:
    """Every figure in the article body, in text order.

    Args:
        article: the article (captions and credits are skipped).
        doc: its spaCy Doc.
        entities: people and organizations (numbers inside their names are skipped).
        places: places (a place in the same clause becomes the figure's ``place``).
        dates: dates (numbers inside them are skipped; a date in the sentence is kept).

    Returns:
        Figures with value, unit, qualifier, evidence text and span.
    """
    text, aid = article.text, article.id
    blocked = [(d.span.start, d.span.end) for d in dates]
    blocked += [(m.span.start, m.span.end) for e in entities for m in e.mentions]
    out: list[Figure] = []
    last_unit: tuple[int, str] | None = None  # (sentence start, unit)
    for m in NUMBER.finditer(text):
        s, e = m.start(), m.end()
        if not article.in_body(s, e) or any(s < b and e > a for a, b in blocked):
            continue
        if TIME_AFTER.match(text[e : e + 8]) or AGE_AFTER.match(text[e : e + 12]):
            continue
        prev_char = text[s - 1] if s else " "
        if prev_char.isalnum() or (prev_char in "#./-" and not m.group("cur")):
            continue
        got = _value(m)
        if got is None:
            continue
        value, forced_q, is_pct, currency = got
        span_tok = doc.char_span(s, e, alignment_mode="expand")
        if span_tok is None:
            continue
        sent = span_tok.sent
        if m.group("num") and not m.group("cur") and _NAME_BEFORE.search(text[max(0, s - 30) : s]):
            continue  # "Resolution 2254", "ISIS 2.0", "Flight 17"
        if m.group("word") and text[e : e + 4] == " of ":
            continue  # "two of the men": a partitive, counted later if at all
        qualifier, ev_start = _qualifier(text, s)
        if forced_q:
            qualifier = forced_q if forced_q == "exact" or qualifier == "exact" else qualifier
        unit: str | None
        ev_end = e
        if is_pct or re.match(
            r"^[ \u00a0](?:percent|per cent|percentage points?)\b", text[e : e + 20]
        ):
            unit = "percent"
            pm = re.match(r"^[ \u00a0](?:percent|per cent|percentage points?)", text[e:])
            ev_end = e + (pm.end() if pm else 0)
        elif currency:
            unit = currency
        else:
            after = e
            if m.group("vague"):
                after = e + len(" of")
            head = _head_after(doc, after)
            if head is not None:
                unit = _unit_from(head)
                ev_end = head.idx + len(head.text)
                if unit.lower() in ("percent", "per cent"):
                    unit = "percent"
                if (
                    head.lemma_.lower() in ("year", "day", "week", "month", "hour")
                    and m.group("num")
                    and value >= 1900
                    and value <= 2100
                ):
                    continue
            elif last_unit and last_unit[0] == sent.start_char:
                unit = last_unit[1]
            elif "." in (m.group("num") or ""):
                unit = None  # a bare decimal is a version or a score, not a count
            else:
                unit = _plural_before(doc, s, sent)
        if not unit:
            continue
        if m.group("word") and value == 0:
            continue
        last_unit = (sent.start_char, unit)
        norm_value = norm_unit = None
        for name, (target, factor) in AREA.items():
            if unit.lower() == name:
                norm_value, norm_unit = round(value * factor, 3), target
                break
        place = _place_after(text, ev_end, sent.end_char, places)
        date = next(
            (d.value for d in dates if sent.start_char <= d.span.start < sent.end_char), None
        )
        out.append(
            Figure(
                value=value,
                unit=unit,
                qualifier=qualifier,  # type: ignore[arg-type]
                text=text[ev_start:ev_end],
                span=Span(aid, ev_start, ev_end),
                place=place,
                date=date,
                normalized_value=norm_value,
                normalized_unit=norm_unit,
            )
        )
    return tuple(out)
