"""Figures: numbers that count or measure something, with value, unit and qualifier.

Method, per number in the body text:

1. **Value**: digits ("30,000", "5.4 million", "$3 billion", "98%"), spelled-out numbers
   ("three", "a dozen", "twenty-five"), and vague amounts coded conservatively as
   conflict-event coders do (ACLED, UCDP): "dozens" 12, "scores" 20, "hundreds" 100,
   "thousands" 1,000, "tens of thousands" 10,000, "hundreds of thousands" 100,000,
   "millions" 1,000,000, each with qualifier "at least". "Not a single X" is 0. "A
   decade" is 10 years; "half of the ..." is 50 percent and "half a million" 500,000
   ("second half", "half-time", "and a half" are not figures).
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
day, ordinals, ages ("35-year-old", "Mara Quint, 13,"), numbers inside names ("ISIS 2.0", "Resolution
2254"), "one" as a pronoun ("one of", "one step").
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Article, DateRef, Entity, Figure, Place, Span
from .units import ISO_CURRENCY, measure_key, normalize

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
# Currencies are kept as stated (the unit is what the text says: "dollars", "euros");
# the ISO code goes in ``normalized_unit`` so that claims compare across outlets.
CURRENCY = {
    "$": "dollars",
    "US$": "US dollars",
    "A$": "Australian dollars",
    "C$": "Canadian dollars",
    "HK$": "Hong Kong dollars",
    "NZ$": "New Zealand dollars",
    "S$": "Singapore dollars",
    "€": "euros",
    "£": "pounds",
    "¥": "yen",
    "₹": "rupees",
    "R": "rand",
    "Dh": "dirhams",
}
_WORD_NUM = "|".join(sorted(WORDS, key=len, reverse=True))
# Every alternative starts on a word character or a currency sign: the lookahead up front
# rejects the other positions (spaces, punctuation) at once, the same matches found.
NUMBER = re.compile(
    r"(?=[\w$€£¥₹])(?:"
    r"(?:(?P<cur>US\$|A\$|C\$|HK\$|NZ\$|S\$|\$|€|£|¥|₹)|\b(?P<lcur>R|Dh)(?=\d[\d.,]*[- \u00a0]?(?:bn|billion|million|mn|m)\b))?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:[- \u00a0]?(?P<scale>thousand|million|billion|trillion|bn|mn|m|k)\b)?(?P<pct>%)?"
    r"|\b(?P<vague>tens of thousands|hundreds of thousands|tens of millions|hundreds of millions|"
    r"dozens|hundreds|thousands|millions|billions|scores(?= of\b))\b"
    rf"|\b(?P<word>(?:{_WORD_NUM})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)"
    r"(?:[ \u00a0](?P<wscale>hundred|thousand|million|billion))?\b"
    r"|\b(?P<zero>not a single|no single)\b"
    r"|\b(?P<decade>(?:a|one|the next|the past|the last)[ \u00a0]decade)\b"
    r"|\b(?P<aspan>an?[ \u00a0](?P<tspan>day|week|fortnight|month|year))\b"
    r"|(?<![\w-])(?P<half>half)(?:[ \u00a0]a[ \u00a0](?P<hscale>million|billion|dozen)\b)?(?![\w-])"
    r")",
    re.I,
)
HARM = {  # verb lemma -> participle that turns "people" into "people killed"
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
    "die": "killed",  # coders count deaths as fatalities: "people killed"
    "affect": "affected",  # "killed 100 and affected about 7 million": not killed (#8)
}
# Adjectives after a bare number that name the harm: "left 900 dead", "12 missing".
HARM_ADJ = {
    "dead": "killed",
    "killed": "killed",
    "injured": "injured",
    "wounded": "wounded",
    "missing": "missing",
    "homeless": "homeless",
}
# Currency nouns written out; a national adjective before "dollars" keeps it as stated.
CURRENCY_WORDS = {
    "dollars": "dollars",
    "dollar": "dollars",
    "euros": "euros",
    "euro": "euros",
    "yen": "yen",
    "yuan": "yuan",
    "rupees": "rupees",
}
# Units of measure that stay singular ("percent", "km") when the unit is normalized.
NO_PLURAL = {
    "percent",
    "km",
    "kg",
    "mph",
    "km2",
    "aid",
    "magnitude",
    "cent",
    "equipment",
    "personnel",
    "staff",
    "police",
    "livestock",
    "cattle",
    "rainfall",
    "damage",
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
PER_SHARE = re.compile(r"^[ \u00a0]+(?:a|per|for each)[ \u00a0]+(?:\w+[ \u00a0]+)?share\b", re.I)
TIME_AFTER = re.compile(r"^[ \u00a0]?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|o'clock|:\d\d)", re.I)
AGE_AFTER = re.compile(r"^-(?:year|month|week|day)s?-old", re.I)
# a name, a comma, then the number alone before another comma: "Dhami Brandy, 13, who"
AGE_BETWEEN_COMMAS = re.compile(r"\b[A-Z][\w'’-]+,[ \u00a0]+$")
PERCENT_AFTER = re.compile(r"^[ \u00a0](?:percent|per cent|percentage points?)\b", re.I)
MAGNITUDE_AFTER = re.compile(r"^[- \u00a0]magnitude\b", re.I)
MAGNITUDE_BEFORE = re.compile(r"\bmagnitude[- \u00a0](?:of[ \u00a0])?$", re.I)
PARTITIVE = re.compile(  # "two of the victims", "eight out of the nine plotters"
    r"^[ \u00a0](?:out[ \u00a0]+)?of[ \u00a0](?:the|its|their|his|her|our|those|these)[ \u00a0]",
    re.I,
)


HALF_OF = re.compile(r"^[ \u00a0]of[ \u00a0](?:the|its|their|his|her|our|all)\b", re.I)
# An amount given again in another currency right after it: "£49.01 ($66.40)", "€1.2
# billion, or $1.4 billion,". What follows the pair ("a share") is said of both.
CONVERSION_AFTER = re.compile(
    r"^[ \u00a0]*(?:\([^()]{1,30}\)|,[ \u00a0]*or[ \u00a0]+[^,;()]{1,30}(?=,))", re.I
)


def _converted_per_share(text: str, start: int, end: int) -> bool:
    """Is the amount at ``[start, end)`` one of a currency conversion pair that is said
    to be per share ("£49.01 ($66.40) a share", "€12.20, or $14.10, a share")?"""
    tail = text[end : end + 72]
    conv = CONVERSION_AFTER.match(tail)
    if conv:
        tail = tail[conv.end() :]
    elif tail.startswith(")") and "(" in text[max(0, start - 2) : start]:
        tail = tail[1:]  # the converted amount inside the parentheses
    elif tail.startswith(",") and re.search(
        r",[ \u00a0]*or[ \u00a0]+$", text[max(0, start - 8) : start]
    ):
        pass  # the converted amount after ", or"
    else:
        return False
    return bool(PER_SHARE.match(re.sub(r"^,", "", tail)))


PRONOUN_PARTITIVE = re.compile(r"^[ \u00a0]of[ \u00a0](?:them|us|you|those|these|whom)\b", re.I)
# "a 10-day siege" is a duration of 10 days; "a 24-page ruling" counts nothing newsworthy.
HYPHEN_UNIT = re.compile(r"^-([A-Za-z]+)\b")
HYPHEN_MEASURES = frozenset(
    "minute hour day week month year mile kilometer kilometre km meter metre foot acre "
    "ton tonne storey story seat member nation point".split()
)
# A bare four-digit number in this range after "in"/"since"/"by"... is a year.
YEAR_MIN, YEAR_MAX = 1000, 2100
YEAR_CONTEXT = re.compile(
    r"\b(?:in|since|by|from|until|till|of|before|after|circa|©)[ \u00a0]$", re.I
)


# A capitalised word right before a number names it, unless it starts the sentence or
# is a qualifier ("About 40 ...").
_NAME_BEFORE = re.compile(
    r"(?<![.!?\n“\"] )(?<!^)\b(?!(?:About|Nearly|Almost|Some|Over|More|Fewer|Less|At|Up|"
    r"Roughly|Around|Just|Only|The|In|By|On|Of)\b)[a-z]{0,2}[A-Z][\w.\-]*[ \u00a0]$"
)
# "Group of 20", "Class of 2019": a capitalised noun joined to the number by "of".
_NAME_OF_BEFORE = re.compile(
    r"\b(?!(?:Peak|Total|High|Low|Average|Maximum|Minimum|Record|Some|Most|All|None|Out|"
    r"Tens|Hundreds|Thousands|Millions|Dozens)\b)[A-Z][a-z]+[ \u00a0]of[ \u00a0]$"
)


def _value(m: re.Match[str]) -> tuple[float, str | None, bool, str | None] | None:
    """(value, forced qualifier, is percent, currency) of a number match."""
    g = m.groupdict()
    if g["zero"]:
        return 0.0, "exact", False, None
    if g["decade"]:
        return 10.0, None, False, None  # "more than a decade": 10 years
    if g["aspan"]:
        return 1.0, None, False, None  # "less than a week": 1 week
    if g["half"]:
        if g["hscale"]:  # "half a million", "half a dozen"
            return (
                {"million": 5e5, "billion": 5e8, "dozen": 6.0}[g["hscale"].lower()],
                None,
                False,
                None,
            )
        return 50.0, None, True, None  # "around half of the group": 50 percent
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
        if scale in ("m", "k") and not (g["cur"] or g["lcur"]):
            return None  # "5m" without currency is more often metres
        value *= SCALES[scale]
    cur = g["cur"] or g["lcur"] or ""
    return value, None, bool(g["pct"]), CURRENCY.get(cur.upper()) or CURRENCY.get(cur)


def _token_at(doc: Any, char: int) -> Any:
    """The first token starting at or after ``char``, or None."""
    if not len(doc) or char >= doc[-1].idx + len(doc[-1]):
        return None  # past the last token (no ``doc.text``: spaCy rebuilds it per call)
    span = doc.char_span(char, char, alignment_mode="expand")
    if span is None:
        return None
    i = span.start
    while i < len(doc) and doc[i].idx < char:
        i += 1
    return doc[i] if i < len(doc) else None


_DATE_LEAD = frozenset({"last", "next", "this", "late", "early", "earlier", "later"})
# "The death toll rose to 34": a count of the dead with no noun after it.
_TOLL = re.compile(r"\b(?:death toll|toll of the dead|number of (?:the )?(?:\w+ )?dead)\b", re.I)
# "a majority of 230", "the margin of 230": nouns that name a count of votes themselves.
_MARGIN = re.compile(
    r"\b(?:majority|margin)\b(?:[ \u00a0][\w-]+){0,5}?[ \u00a0](?:of|totall?ing|was)[ \u00a0]$",
    re.I,
)


def _head_after(doc: Any, char: int, limit: int = 5) -> Any:
    """The noun a number counts: the first noun after it, skipping modifiers, then on to
    the head of a noun compound ("aid convoy" -> "convoy")."""
    first = _token_at(doc, char)
    if first is None:
        return None
    for tok in doc[first.i : first.i + limit]:
        if (
            tok.tag_ in ("VBN", "VBD")
            and tok.i + 1 < len(doc)
            and doc[tok.i + 1].tag_ in ("NNS", "NNPS")
        ):
            continue  # "15 injured persons", "the 39 identified victims"
        if tok.is_punct or tok.lower_ in NOT_UNITS or tok.pos_ in ("VERB", "AUX", "ADP", "DET"):
            return None
        if tok.lower_ == "more" and not (
            tok.i + 1 < len(doc) and doc[tok.i + 1].tag_ in ("NNS", "NNPS")
        ):
            return None  # "thousands more face hunger": elliptical, not "face"
        if tok.lower_ in _DATE_LEAD:
            return None  # "1,800 late last year": a date follows, not a unit
        if tok.pos_ in ("NOUN", "PROPN") and tok.tag_ in ("NNS", "NNPS", "NN", "NNP"):
            # on to the head of the noun phrase ("118 Conservative Party MPs" -> "MPs"),
            # stopping at a plural ("112 Conservative MPs vote": "MPs", not "vote")
            while (
                tok.tag_ not in ("NNS", "NNPS")
                and not (tok.text.endswith("s") and tok.text[:-1].isupper())  # "MPs", "NGOs"
                and tok.lower_ not in ("square", "cubic")
                and tok.i + 1 < len(doc)
                and doc[tok.i + 1].pos_ in ("NOUN", "PROPN")
                and (tok.dep_ == "compound" or tok.head.i > tok.i)
                and tok.head.i <= tok.i + 3
            ):
                tok = doc[tok.i + 1]
            return tok
    return None


def _plural(word: str) -> str:
    """A plain plural for a singular count noun: "airstrike" -> "airstrikes"."""
    low = word.lower()
    if low in NO_PLURAL or low.endswith("s"):
        return word
    if low.endswith("y") and low[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if low.endswith(("x", "ch", "sh")):
        return word + "es"
    return word + "s"


def _harm(tok: Any) -> str | None:
    """The harm participle a counted token takes from its verb ("killed", "injured")."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NOUN", "NUM"):
        tok = tok.head.head  # "thousands of people fled": the verb governs "thousands"
    head = tok.head
    if tok.dep_ in ("dobj", "nsubjpass", "nsubj", "conj") and head.lemma_ in HARM:
        if tok.dep_ == "nsubj" and head.lemma_ not in ("die", "flee"):
            return None  # "100 soldiers killed civilians": the soldiers are not the dead
        return HARM[head.lemma_]
    if tok.dep_ in ("nsubj", "nsubjpass"):  # "37 people were confirmed dead"
        for child in head.children:
            if child.dep_ in ("acomp", "oprd", "xcomp") and child.lower_ in HARM_ADJ:
                return HARM_ADJ[child.lower_]
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and prev.tag_ == "VBN" and prev.lemma_ in HARM:
        return HARM[prev.lemma_]  # "15 injured persons"
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lemma_ in HARM and nxt.tag_ == "VBN":
        return HARM[nxt.lemma_]
    if nxt is not None and nxt.lower_ in HARM_ADJ:
        return HARM_ADJ[nxt.lower_]
    return None


def _unit_from(tok: Any, value: float) -> str:
    """Unit text for a head noun: compounds joined ("square miles", "polling stations"),
    singular count nouns made plural, harm verbs added ("people killed")."""
    doc = tok.doc
    prev = doc[tok.i - 1] if tok.i > 0 else None
    low = tok.lower_
    if low in CURRENCY_WORDS:
        if prev is not None and prev.pos_ in ("ADJ", "PROPN") and prev.text[:1].isupper():
            return f"{prev.text} {_plural(low)}"
        return CURRENCY_WORDS[low]
    acronym = tok.text.isupper() or (tok.text.endswith("s") and tok.text[:-1].isupper())
    word = tok.text if tok.tag_.startswith("NNP") or acronym else low  # "MPs", "NGOs"
    if tok.tag_ in ("NN", "NNP") and value != 1:
        word = _plural(word)
    words = [word]
    if prev is not None and prev.lower_ in ("square", "cubic"):
        words.insert(0, prev.lower_)
    elif (
        prev is not None
        and prev.dep_ == "compound"
        and prev.pos_ == "NOUN"
        and prev.text.islower()
        and not prev.like_num
        and prev.lower_ not in WORDS
    ):
        words.insert(0, prev.text)
    unit = " ".join(words)
    harm = _harm(tok)
    if harm:
        unit = f"{unit} {harm}"
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


def _subject_counted(num_tok: Any) -> str | None:
    """The plural subject of the verb a bare number is the object of ("confirmed infections
    ... expected to eclipse 10 million" -> "infections"), through "to"-infinitives only."""
    if num_tok.dep_ != "dobj" and num_tok.head.dep_ != "dobj":
        return None  # not "our first estimates were 290": a copula names no count
    verb = num_tok.head if num_tok.dep_ == "dobj" else num_tok.head.head
    while verb.pos_ in ("VERB", "AUX"):
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if verb.dep_ == "acl" and not subj:  # "infections expected to eclipse ..."
            subj = [verb.head]
        if subj:
            noun = subj[0]
            return noun.text.lower() if noun.tag_ == "NNS" and noun.pos_ == "NOUN" else None
        if verb.dep_ != "xcomp":
            return None
        verb = verb.head
    return None


def _elliptic_unit(antecedent: str | None, harm: str | None, own_verb: bool) -> str | None:
    """The unit of a number with no noun: the antecedent's, re-marked with this
    number's own harm ("killing 118 people and injuring 2,000" -> "people injured"); a
    number that is the subject of another verb drops the antecedent's harm."""
    if harm is None:
        if antecedent and own_verb:
            words = antecedent.split()
            if len(words) > 1 and words[-1] in HARM.values():
                return " ".join(words[:-1])  # "thousands more face hunger": not displaced
        return antecedent
    base = (antecedent or "people").split()
    if base[-1] in HARM.values() or base[-1] in HARM_ADJ.values():
        base = base[:-1] or ["people"]
    return " ".join([*base, harm])


_PLACE_GAP = re.compile(
    r"^[ \u00a0]+(?:\w+[ \u00a0]+){0,2}?(?:in|across|inside|near|at|from|throughout|of)[ \u00a0]+"
    r"(?:the[ \u00a0]+)?(?:[\w-]+[ \u00a0]+){0,2}$"
)


def _place_after(text: str, start: int, limit: int, places: tuple[Place, ...]) -> str | None:
    """The place a figure is about: 'troops in Syria', 'homes across the north of Chile'."""
    best: tuple[int, str] | None = None
    for p in places:
        for m in p.mentions:
            if (
                start <= m.span.start < limit
                and _PLACE_GAP.match(text[start : m.span.start])
                and (best is None or m.span.start < best[0])
            ):
                best = (m.span.start, p.name)
    return best[1] if best else None


REVISED_UP = re.compile(
    r"\b(?:revised|revising|raised|raising|pushed|pushing|brought|bringing|adjusted|moved|"
    r"went|gone|jumped|shot|climbed)\b(?:[ \u00a0]+[\w'’-]+){0,4}?[ \u00a0]*$",
    re.I,
)


def _qualifier(text: str, start: int) -> tuple[str, int]:
    """Qualifier from the words before the number, and where the evidence starts."""
    before = text[max(0, start - 40) : start]
    m = _QUAL_RE.search(before)
    if not m:
        return "exact", start
    q = m.group("q").lower()
    if q == "up to" and REVISED_UP.search(before[: m.start("q")]):
        return "exact", start  # "revised the toll up to 2,316": a revision, not a bound
    for pattern, name in QUALIFIERS:
        if re.fullmatch(pattern, q):
            return name, start - len(before) + m.start("q")
    return "exact", start


def _nearest_date(
    dates: tuple[DateRef, ...], sent: Any, pos: int, numbers: tuple[int, ...] = ()
) -> str | None:
    """The ISO value of the date closest to ``pos`` in the same sentence, skipping a date
    with another number between them ("nearly 1,500 troops, down from a peak of 1,800
    late last year": the date is the peak's)."""
    inside = [
        d
        for d in dates
        if sent.start_char <= d.span.start < sent.end_char
        and not any(min(pos, d.span.start) < n < max(pos, d.span.start) for n in numbers)
    ]
    if not inside:
        return None
    return min(inside, key=lambda d: min(abs(d.span.start - pos), abs(d.span.end - pos))).value


def _in_subtree(tok: Any, head: Any) -> bool:
    """Whether ``tok`` is ``head`` or one of its descendants: a walk up from ``tok``, as
    long as the tree is deep, not as long as the subtree is wide (a whole table read as
    one sentence)."""
    if not head.left_edge.i <= tok.i <= head.right_edge.i:
        return False
    while tok.i != head.i:
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return True


def _clause(tok: Any) -> tuple[str | None, str | None, str | None]:
    """(verb lemma, tense, subject) of the clause a number sits in, from the parse.

    The verb is the first verb up the dependency tree ("killed", "employ", "vote");
    the tense "past", "present" or "future" (a "will"/"would" auxiliary); the subject
    the proper-noun subject of that verb when the number is not itself the subject
    ("Takeda employs 30,000 people" -> "Takeda").
    """
    verb, steps = tok, 0
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and steps < 6:
        verb, steps = verb.head, steps + 1
    if verb.pos_ not in ("VERB", "AUX"):
        return None, None, None
    tense = "past" if "Past" in verb.morph.get("Tense") else "present"
    subject = None
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_ in ("will", "would", "'ll", "shall"):
            tense = "future"
        elif child.dep_ == "aux" and "Past" in child.morph.get("Tense"):
            tense = "past"
        elif (
            child.dep_ in ("nsubj", "nsubjpass")
            and child.pos_ == "PROPN"
            and not _in_subtree(tok, child)
        ):
            names = [t for t in child.subtree if t.pos_ == "PROPN"]
            subject = " ".join(t.text for t in names) or None
    return verb.lemma_.lower(), tense, subject


# "between 10 and 20 people", "30 to 35 cars" (but not "from 359 to 253": a change)
RANGE_NEXT = re.compile(r"^[ \u00a0]+(?:to|and)[ \u00a0]+\d[\d,.]*", re.I)
# "from 359 to 253", "by more than 100 to 253": a change, not a range
FROM_OR_BY = re.compile(
    r"\b(?:from|by)[ \u00a0]+(?:(?:more|less|fewer) than[ \u00a0]+|about[ \u00a0]+|almost[ \u00a0]+|nearly[ \u00a0]+)?$",
    re.I,
)
RANGE_PREV = re.compile(
    r"(?:\bbetween[ \u00a0]+\d[\d,.]*[ \u00a0]+and|(?<!from )\b\d[\d,.]*[ \u00a0]+to)[ \u00a0]+$",
    re.I,
)


def _skip(m: re.Match[str], text: str) -> bool:
    """Numbers that are not counts: times, ages, parts of names and codes."""
    s, e = m.start(), m.end()
    # only "half of the ..." is a share; "second half", "half-time", "a half" are not
    if (
        m.group("half")
        and not m.group("hscale")
        and (
            not HALF_OF.match(text[e : e + 16])
            or re.search(
                r"(?:\b(?:a|and|first|second)|-)[ \u00a0]*$", text[max(0, s - 8) : s], re.I
            )
        )
    ):
        return True
    if m.group("aspan") and _qualifier(text, s)[0] == "exact":
        return True  # only a qualified span is a figure: "less than a week", not "twice a day"
    if TIME_AFTER.match(text[e : e + 8]) or AGE_AFTER.match(text[e : e + 12]):
        return True
    if (
        m.group("num")
        and AGE_BETWEEN_COMMAS.search(text[max(0, s - 40) : s])
        and (text[e : e + 1] == ",")
    ):
        return True  # "Dhami Brandy, 13, who was killed": an age, not a count
    prev_char = text[s - 1] if s else " "
    if prev_char.isalnum() or (prev_char in "#./-" and not m.group("cur")):
        return True
    if text[e : e + 1] == "-" and text[e + 1 : e + 2].isdigit():
        return True  # phone numbers, scores and ranges of codes: "555-0134"
    if m.group("num") and text[e : e + 1].isalpha() and not m.group("scale"):
        return True  # "2D", "4G", ordinals "11th", "155th"
    if PRONOUN_PARTITIVE.match(text[e : e + 12]):
        return True  # "two of them": a share of something counted elsewhere
    hyphen = HYPHEN_UNIT.match(text[e : e + 16])
    if (
        hyphen
        and not MAGNITUDE_AFTER.match(text[e : e + 12])
        and hyphen.group(1).lower().rstrip("s") not in HYPHEN_MEASURES
    ):
        return True  # "a 24-page ruling": a label, not a count
    if (
        m.group("num")
        and re.fullmatch(r"\d{4}", m.group("num"))
        and not m.group("cur")
        and (YEAR_MIN <= int(m.group("num")) <= YEAR_MAX)
        and YEAR_CONTEXT.search(text[max(0, s - 8) : s])
    ):
        return True  # "died in 1065", "by 1884": a year the dates stage may not take
    if m.group("num") and not m.group("cur"):
        before = text[max(0, s - 30) : s]
        if _NAME_BEFORE.search(before) or _NAME_OF_BEFORE.search(before):
            return True  # "Resolution 2254", "ISIS 2.0", "Flight 17", "Group of 20"
    return False


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
        dates: dates (numbers inside them are skipped; the nearest date in the sentence
            becomes the figure's ``date``).

    Returns:
        Figures with value, unit, qualifier, evidence text and span.

    >>> import spacy
    >>> from newsfuse.model import new_article
    >>> a = new_article("Rebels hold about 1,800 square miles.")
    >>> [(f.value, f.unit, f.qualifier) for f in extract_figures(
    ...     a, spacy.blank("en")(a.text), (), (), ())]  # doctest: +SKIP
    [(1800.0, 'square miles', 'about')]
    """
    text, aid = article.text, article.id
    blocked = [(d.span.start, d.span.end) for d in dates]
    blocked += [(m.span.start, m.span.end) for e in entities for m in e.mentions]
    out: list[Figure] = []
    last_unit: tuple[int, str] | None = None  # (sentence start, unit)
    last_harmed: tuple[int, str] | None = None  # the same, for the last count of harm
    numbers = tuple(
        m.start()
        for m in NUMBER.finditer(text)
        if not any(m.start() < b and m.end() > a for a, b in blocked) and not _skip(m, text)
    )  # where figures may be: a date with one of them in between is not another's
    for m in NUMBER.finditer(text):
        s, e = m.start(), m.end()
        if not article.in_body(s, e) or any(s < b and e > a for a, b in blocked):
            continue
        if _skip(m, text):
            continue
        got = _value(m)
        if got is None:
            continue
        value, forced_q, is_pct, currency = got
        span_tok = doc.char_span(s, e, alignment_mode="expand")
        if span_tok is None:
            continue
        sent = span_tok.sent
        num_tok = span_tok[-1]
        qualifier, ev_start = _qualifier(text, s)
        if forced_q:
            qualifier = forced_q if forced_q == "exact" or qualifier == "exact" else qualifier
        unit: str | None = None
        ev_end = e
        partitive = PARTITIVE.match(text[e : e + 16]) if not m.group("vague") else None
        pm = PERCENT_AFTER.match(text[e : e + 24])
        if m.group("decade"):
            unit = "years"
        elif m.group("aspan"):
            unit = m.group("tspan").lower()
        elif is_pct or pm:
            unit = "percent"
            ev_end = e + (pm.end() if pm else 0)
        elif currency:
            unit = currency
        elif hyphen := HYPHEN_UNIT.match(text[e : e + 16]):
            unit = _plural(hyphen.group(1).lower())  # "a 10-day siege": 10 days
            ev_end = e + hyphen.end()
        elif MAGNITUDE_AFTER.match(text[e : e + 12]) or MAGNITUDE_BEFORE.search(
            text[max(0, s - 14) : s]
        ):
            unit = "magnitude"
            mag = MAGNITUDE_AFTER.match(text[e : e + 12])
            ev_end = e + (mag.end() if mag else 0)
        else:
            after = e + partitive.end() if partitive else e
            rng = RANGE_NEXT.match(text[e : e + 24]) if m.group("num") else None
            to = rng is not None and rng.group(0).strip().lower().startswith("to")
            change = to and bool(FROM_OR_BY.search(text[max(0, ev_start - 8) : ev_start]))
            if rng and (text[max(0, s - 8) : s].lower().endswith("between ") or to):
                after = e + rng.end()  # the low end of a range: its unit comes after
                if not change:  # "from 359 to 253 people": a change, not a range
                    qualifier = "at least" if qualifier == "exact" else qualifier
            elif (
                m.group("num")
                and (low := RANGE_PREV.search(text[max(0, s - 30) : s]))
                and not FROM_OR_BY.search(
                    text[max(0, s - len(low.group(0)) - 22) : s - len(low.group(0))]
                )
            ):
                qualifier = "up to" if qualifier == "exact" else qualifier
                ev_start = min(ev_start, s - len(low.group(0)) - 0)
            if m.group("vague") and text[e : e + 4] == " of ":
                after = e + len(" of")
            head = _head_after(doc, after)
            if head is None and partitive:
                continue  # "two of them": a pronoun, not a count
            if (
                head is not None
                and head.tag_ in ("NN", "NNP")
                and value > 1
                and m.group("num")
                and not m.group("scale")
                and num_tok.i + 1 < len(doc)
                and doc[num_tok.i + 1].pos_ in ("NOUN", "PROPN")
                and measure_key(head.text) is None
                and head.lemma_.lower() not in NO_PLURAL
            ):
                continue  # "the 112 emergency service", "Route 9 road": a label, not a count
            if head is not None:
                unit = _unit_from(head, value)
                ev_end = head.idx + len(head.text)
                if unit.lower() in ("percent", "per cent"):
                    unit = "percent"
                if (
                    head.lemma_.lower() in ("year", "day", "week", "month", "hour")
                    and m.group("num")
                    and 1900 <= value <= 2100
                ):
                    continue
            else:
                if "." in (m.group("num") or "") and not m.group("scale"):
                    continue  # a bare decimal is a version or a score, not a count
                antecedent = last_unit[1] if last_unit and last_unit[0] == sent.start_char else None
                if _MARGIN.search(text[max(sent.start_char, s - 60) : s]):
                    antecedent = "votes"  # "a majority of 230": a margin in votes
                if antecedent is None and _TOLL.search(text[sent.start_char : s]):
                    antecedent = "people killed"
                if antecedent is None:
                    antecedent = _plural_before(doc, s, sent)
                own_verb = num_tok.dep_ in ("nsubj", "nsubjpass") or (
                    num_tok.head.pos_ == "NOUN" and num_tok.head.dep_ in ("nsubj", "conj")
                )
                harm = _harm(num_tok)
                if harm is None and (counted := _subject_counted(num_tok)):
                    antecedent = counted  # what the clause's subject counts, not the last unit
                if harm and last_harmed and last_harmed[0] == sent.start_char:
                    antecedent = last_harmed[1]  # "killed 12 people in three villages and
                    # wounded 40": the wounded are people, not villages
                unit = _elliptic_unit(antecedent, harm, own_verb)
                nxt = doc[num_tok.i + 1] if num_tok.i + 1 < len(doc) else None
                if nxt is not None and nxt.lower_ in HARM_ADJ:
                    ev_end = nxt.idx + len(nxt.text)
        if not unit:
            continue
        if m.group("word") and value == 0:
            continue
        if unit.lower() in ISO_CURRENCY:
            unit = ISO_CURRENCY[unit.lower()]  # money keeps its currency, as ISO 4217
            if share := PER_SHARE.match(text[ev_end : ev_end + 32]):
                unit, ev_end = f"{unit} per share", ev_end + share.end()
            elif _converted_per_share(text, s, ev_end):
                unit = f"{unit} per share"  # "£49.01 ($66.40) a share": both are per share
        last_unit = (sent.start_char, unit)
        if unit.split()[-1] in HARM.values():
            last_harmed = last_unit
        norm_value = norm_unit = None
        if converted := normalize(value, unit):
            norm_value, norm_unit = converted
        elif unit.split(" per ")[0] in ISO_CURRENCY.values():
            norm_value, norm_unit = value, unit  # money is never converted (rates move)
        place = _place_after(text, ev_end, sent.end_char, places)
        verb, tense, subject = _clause(num_tok)
        out.append(
            Figure(
                value=value,
                unit=unit,
                qualifier=qualifier,  # type: ignore[arg-type]
                text=text[ev_start:ev_end],
                span=Span(aid, ev_start, ev_end),
                place=place,
                subject=subject,
                verb=verb,
                tense=tense,
                date=_nearest_date(dates, sent, s, numbers),
                normalized_value=norm_value,
                normalized_unit=norm_unit,
            )
        )
    return tuple(out)
