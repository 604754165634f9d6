"""Claim slots: what a figure measures, of whom or what, where and when.

A slot is read from the figure and the words of its clause (issue #8):

- **kind**: the dimension of a converted measure ("m", "km2", "days"), the currency of
  money ("GBP"), "percent", or the singular head of the counted noun ("people",
  "vote", "troop");
- **role**: what happened to what is counted, from cue words next to the number
  ("killed", "injured", "missing", "critical", "against", "for", "evacuated") or, for
  measures, what is measured ("height", "length", "depth", "width");
- **of**: for a percent or an amount, the noun it is a share or price of ("cash",
  "stock", "share" in "£49 a share");
- **frame**: money in a market report ("shares rose 4%, at £40.34") vs a deal's terms
  ("an offer worth £46bn");
- **background**: the figure describes another event or period (a date in its sentence
  before the story's time, "previous", "last year", "record", "ago"), so it is never
  compared with current figures.

Two figures can share a slot only when their kinds are equal and no attribute that both
carry differs. Limits: cue words are English and read from a window of the clause;
claims of different speakers about one count ("42 dead, the prosecutor said") share a
slot when nothing else tells them apart.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..annotate.units import currency_code
from ..model import Figure

# Cue words after (or just before) a number -> its role. Calibrated on the dev clusters
# (genoa, brexit, takeda, iraq-syria); re-run `newsfuse eval ../shared/eval/dev`.
ROLE_CUES = {
    "killed": "killed",
    "dead": "killed",
    "died": "killed",
    "die": "killed",
    "deaths": "killed",
    "death": "killed",
    "lives": "killed",
    "victims": "killed",
    "fatalities": "killed",
    "bodies": "killed",
    "injured": "injured",
    "injuries": "injured",
    "wounded": "injured",
    "hurt": "injured",
    "missing": "missing",
    "unaccounted": "missing",
    "critical": "critical",
    "severely": "critical",
    "seriously": "critical",
    "serious": "critical",
    "evacuated": "evacuated",
    "homes": "evacuated",
    "displaced": "displaced",
    "homeless": "displaced",
    "affected": "affected",
    "arrested": "arrested",
    "detained": "arrested",
    "fled": "displaced",
    "stranded": "stranded",
    "marooned": "stranded",
    "rescued": "rescued",
    "against": "against",
    "for": "for",
    "favour": "for",
    "favor": "for",
    "high": "height",
    "height": "height",
    "tall": "height",
    "long": "length",
    "length": "length",
    "wide": "width",
    "deep": "depth",
}
_MEASURE_ROLES = frozenset({"height", "length", "width", "depth"})
# Roles that a harm unit ("people killed") already names.
_UNIT_ROLES = ("killed", "injured", "wounded", "missing", "displaced", "evacuated", "arrested")
# Participles in a unit that say what happened to the people counted ("people fled",
# "2 million stranded"): a role, never the counted noun (-> kind "people").
_UNIT_PARTICIPLES = {
    "fled": "displaced",
    "stranded": "stranded",
    "marooned": "stranded",
    "rescued": "rescued",
    "detained": "arrested",
    "hospitalized": "injured",
}
MARKET_CUES = frozenset(
    "rose fell closed traded trading climbed jumped dropped slid gained higher lower "
    "up down market".split()
)
MARKET_VERBS = frozenset("rise fall climb close trade jump drop gain slide slip surge soar".split())
DEAL_VERBS = frozenset("value buy acquire agree offer bid pay sell purchase".split())
DEAL_CUES = frozenset("offer bid deal takeover acquisition valued worth value buy agreed".split())
# Words next to a number (within BACKGROUND_WINDOW) that put it in another period.
BACKGROUND_CUES = re.compile(
    r"\b(?:previous|previously|record|last year|ago|in the past|"
    r"first estimates?|initial(?:ly)?|originally|earlier (?:total|toll|figure|estimate)|"
    r"(?:an|the|its|their) earlier (?:\w+ )?(?:offer|bid|proposal|approach|deal|count)|"
    r"(?:a|one|two|three|four|five|six|\d+) (?:days?|weeks?|months?|years?) (?:earlier|before))\b",
    re.I,
)
BACKGROUND_BEFORE = re.compile(r"\b(?:down|up)?[ \u00a0]?from[ \u00a0]*$", re.I)  # "down from 359"
BACKGROUND_WINDOW = 30
# "in 2022" / "during 2019" anywhere in the figure's sentence: when that year is before
# the publication year, the sentence is about another period ("Floods in 2022 killed
# more than 100"), even when the dates stage did not tie the year to the number.
# "since 2014" is not one of them (a running total up to now).
BACKGROUND_YEAR = re.compile(r"\b(?:in|during)[ \u00a0]+((?:19|20)\d\d)\b(?![-\u2013/])", re.I)
SINCE = re.compile(r"\bsince\b", re.I)  # a date after "since" starts a running total
CHANGE_BEFORE = re.compile(r"\bby[ \u00a0]*$", re.I)  # "lowered the toll by more than 100"
CHANGE_AFTER = re.compile(r"^[ \u00a0]*(?:fewer|more|less|lower|higher)\b", re.I)
ROLE_WINDOW = 40  # characters after the evidence that cue words are read from
BACKGROUND_DAYS = 60  # a date this long before publication marks another period

_WORD = re.compile(r"[A-Za-z]+")
_KIND_SYNONYMS = {
    "dead": "people",
    "death": "people",
    "victim": "people",
    "body": "people",  # "2,316 bodies" recovered: the dead
    "life": "people",
    "live": "people",  # "lives", made singular by the plain rule
    "person": "people",
    "fatality": "people",
    "casualty": "people",
    "soldier": "troop",
    "servicemember": "troop",
    "airstrike": "strike",
    "vessel": "ship",
    "infection": "case",  # "94 infections" and "94 confirmed cases"
    "volunteer": "participant",
    "position": "job",  # "1,000 positions would be eliminated" and "1,000 jobs would go"
    "post": "job",
    "mp": "vote",  # "202 MPs voted for" and "202 votes": one count of a division
    "mps": "vote",
    "vote": "vote",
}


@dataclass(frozen=True, slots=True)
class _Slot:
    kind: str
    role: str | None = None
    of: str | None = None
    frame: str | None = None
    background: bool = False
    subject: str | None = None
    place: str | None = None
    modifier: str | None = None  # "Conservative" in "118 Conservative MPs"


def _singular(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def _kind(fig: Figure) -> str:
    """The dimension, currency, "percent" or singular counted noun."""
    code = currency_code(fig.unit)
    if code:
        return code
    if fig.normalized_unit:
        return fig.normalized_unit
    words = [
        w
        for w in _WORD.findall(fig.unit)
        if w.lower() not in _UNIT_ROLES and w.lower() not in _UNIT_PARTICIPLES
    ]
    if not words:
        return "people" if _WORD.findall(fig.unit) else ""
    head = _singular(words[-1])
    return _KIND_SYNONYMS.get(head, head)


# A vote tally: "defeated by 432 votes to 202", "passed by 310 to 250". The first
# number is the winning side: against when the motion was defeated, for when it passed.
TALLY = re.compile(
    r"\bby[ \u00a0]+(?P<a>\d[\d,]*)(?:[ \u00a0]+votes?)?[ \u00a0]+to[ \u00a0]+(?P<b>\d[\d,]*)",
    re.I,
)
TALLY_AGAINST = frozenset(
    "defeated rejected rejects reject defeat lost loses lose beaten blocked blocks block "
    "down sank sunk scuppered".split()
)
TALLY_FOR = frozenset(
    "passed passes pass approved approves approve backed backs back adopted adopts "
    "carried won wins endorsed endorses ratified ratifies supported supports".split()
)


def tally_role(sentence: str, rel_start: int, rel_end: int | None = None) -> str | None:
    """ "for", "against" or "" for a number in a vote tally ("by 432 votes to 202");
    None when the number is not part of one.

    >>> s = "The deal was defeated by 432 votes to 202 on Tuesday."
    >>> tally_role(s, s.index("432")), tally_role(s, s.index("202"))
    ('against', 'for')
    >>> s = "The bill passed by 310 to 250."
    >>> tally_role(s, s.index("310")), tally_role(s, s.index("250")), tally_role(s, 4)
    ('for', 'against', None)
    """
    end = rel_start + 1 if rel_end is None else rel_end
    for m in TALLY.finditer(sentence):
        hit = [g for g in ("a", "b") if rel_start <= m.start(g) < end]
        if not hit:
            continue
        clause = re.split(r"[,;:]", sentence[: m.start()])[-1].lower()
        words = _WORD.findall(clause)
        verb = next((w for w in reversed(words) if w in TALLY_AGAINST | TALLY_FOR), None)
        if verb is None:
            return ""
        first = "against" if verb in TALLY_AGAINST else "for"
        second = "for" if first == "against" else "against"
        return first if hit[0] == "a" else second
    return None


# A length named before its number: "from a height of 150 feet", "a depth of about 40 m".
MEASURE_BEFORE = re.compile(
    r"\b(height|length|width|depth)[ \u00a0]+of[ \u00a0]+"
    r"(?:(?:about|some|nearly|almost|around|roughly|up[ \u00a0]+to|more[ \u00a0]+than|over)[ \u00a0]+)?$",
    re.I,
)


def _role(fig: Figure, after: str, before: str, votes: bool, measure: bool) -> str | None:
    """The role named by cue words next to the number or by the unit ("for" and
    "against" only in a sentence about a vote, "high"/"long" only for lengths); a
    number after "by" or before "fewer"/"more" is a change ("revised down by 100")."""
    if CHANGE_BEFORE.search(before) or CHANGE_AFTER.match(after):
        return "change"
    named = MEASURE_BEFORE.search(before) if measure else None
    if named:
        return named.group(1).lower()  # "from a height of 150 feet"
    cues = [ROLE_CUES[w] for w in _WORD.findall(after.lower()) if w in ROLE_CUES]
    cues = [
        c
        for c in cues
        if (votes or c not in ("for", "against")) and (measure or c not in _MEASURE_ROLES)
    ]
    if "critical" in cues[:2]:
        return "critical"  # "three severely", "nine in critical condition"
    for w in _WORD.findall(fig.unit.lower()):
        if w in _UNIT_ROLES:
            return "injured" if w == "wounded" else w
        if w in ("lives", "victims", "dead", "deaths", "fatalities", "bodies"):
            return "killed"
        if w in _UNIT_PARTICIPLES:
            return _UNIT_PARTICIPLES[w]
    for c in cues:
        return c
    words = _WORD.findall(before.lower())[-3:]
    for w in reversed(words):
        if w in ROLE_CUES and ROLE_CUES[w] in ("killed", "injured", "missing", "critical"):
            return ROLE_CUES[w]
    return None


# Words before "of N percent" that do not name what the percent is of ("a total of").
_NOT_OF = frozenset(
    "total sum average minimum maximum peak high low record estimated some about around "
    "nearly almost over under rate level".split()
)
# Words after "N days of" that end the noun phrase ("of intense talks between ...").
_OF_STOP = frozenset(
    "between with in on at for to and or by from after before over under since that which "
    "who as the a an following including excluding during amid against than while when if "
    "per is are was were be been has have had will would could can may might remains remain "
    "stays stay lies lie it they he she we you".split()  # a verb or a new subject ends
    # the noun phrase: "60 percent of X is ...", "50% of MPs it'll force ..."
)
_OF_SYNONYMS = {
    "talk": "negotiation",
    "discussion": "negotiation",
    "fighting": "war",
    # "90% effective", "90% effectiveness", "an efficacy of 90%": one measure
    "effective": "efficacy",
    "effectiveness": "efficacy",
    "efficaciou": "efficacy",
}


def _duration_of(after: str) -> str | None:
    """The head noun after "of": "18 days of intense negotiations" -> "negotiation",
    "50% of the enlarged group" -> "group".

    >>> _duration_of(" of Sunamganj district is under water"), _duration_of(" of the group")
    ('district', 'group')
    """
    m = re.match(r"^[ \u00a0]*of[ \u00a0]+([A-Za-z\- \u00a0]+)", after)
    if not m:
        return None
    words: list[str] = []
    for w in re.findall(r"[A-Za-z\-]+", m.group(1))[:5]:
        if w.lower() in _OF_STOP and words:
            break
        if w.lower() in ("the", "its", "their", "his", "her", "our", "a", "an"):
            continue
        words.append(w.lower())
    if not words:
        return None
    head = _singular(words[-1])
    return _OF_SYNONYMS.get(head, head)


# What an amount of money is, when a noun right after it says so: "$1.4bn annual cost
# savings", "£300m in fines", "a $2 billion loan". A deal word ("a $62bn takeover") names
# no such thing: the clause's frame labels it (:func:`_frame`).
MONEY_NOUNS = frozenset(
    "saving revenue sale profit loss debt fine penalty loan aid funding investment budget "
    "compensation damage bonus salary cost synergy dividend ransom bail reward grant "
    "subsidy tax earning settlement payout bailout spending write-down charge".split()
)
_MONEY_LEAD = frozenset(
    "in of a the annual annually yearly additional extra new total net pre-tax pretax "
    "operating its their".split()
)


def _money_of(after: str) -> str | None:
    """The noun naming an amount, from the words right after it (at most a modifier and
    the noun).

    >>> _money_of(" annual cost savings and a review"), _money_of(" in fines"), _money_of(" deal")
    ('cost savings', 'fines', None)
    >>> _money_of(" for the families of the victims"), _money_of(" a year in aid")
    (None, 'aid')
    """
    words = re.findall(r"[A-Za-z][A-Za-z\-]*", after)[:6]
    while words and words[0].lower() in _MONEY_LEAD | {"year"}:
        words.pop(0)
    for n in (2, 1):  # "cost savings" before "cost"
        if len(words) >= n and _singular(words[n - 1]) in MONEY_NOUNS:
            return " ".join(w.lower() for w in words[:n])
    return None


def _of(fig: Figure, after: str, before: str = "") -> str | None:
    """What a percent, an amount or a duration is a share, price or length of ("46
    percent cash", "a premium of 32 percent", "18 days of talks"), or what an amount
    is ("$1.4bn annual cost savings")."""
    if fig.unit.endswith(" per share"):
        return "share"
    if currency_code(fig.unit):
        return _money_of(after)
    if fig.normalized_unit == "days":
        return _duration_of(after)
    if fig.unit != "percent":
        return None
    rest = re.sub(r"^[ \u00a0]*(?:percent|per cent|%)", "", after)
    if re.match(r"^[ \u00a0]*of\b", rest):  # "50% of the enlarged group" -> "group"
        return _duration_of(rest)
    m = re.match(
        r"^[ \u00a0]*(?:percent|per cent|%)?[ \u00a0]*(?:of[ \u00a0]+(?:the[ \u00a0]+|its[ \u00a0]+|their[ \u00a0]+)?)?"
        r"([a-z]+)",
        after,
    )
    if m and m.group(1) not in ("and", "or", "to", "in", "on", "at", "a", "the", "than"):
        head = _singular(m.group(1))
        return _OF_SYNONYMS.get(head, head)
    b = re.search(r"\b([a-z]+)[ \u00a0]+of[ \u00a0]*$", before)  # "a premium of 32 percent"
    if b and b.group(1) not in _NOT_OF and len(b.group(1)) > 2:
        head = _singular(b.group(1))
        return _OF_SYNONYMS.get(head, head)
    return None


# The words right before the number name its frame, whatever the clause's verb: "shares
# rose to 38.10, just below the offer price of 38.50" - 38.50 is the deal's price.
NEAR_DEAL = re.compile(
    r"\b(?:offer|bid|takeover|buyout|acquisition)(?:[ \u00a0]+price)?"
    r"(?:[ \u00a0]+(?:of|at|worth|valued[ \u00a0]+at))?[ \u00a0]*$",
    re.I,
)
NEAR_MARKET = re.compile(
    r"\b(?:closing[ \u00a0]+price(?:[ \u00a0]+of)?|closed[ \u00a0]+at|traded[ \u00a0]+at|"
    r"market[ \u00a0]+value[ \u00a0]+of)[ \u00a0]*$",
    re.I,
)


def _frame(sentence: str, fig: Figure, before: str = "") -> str | None:
    """ "market" or "deal" for money and percent figures: from the words right before
    the number, else the clause's verb, else the sentence's words."""
    if fig.unit != "percent" and not currency_code(fig.unit):
        return None
    if NEAR_DEAL.search(before):
        return "deal"
    if NEAR_MARKET.search(before):
        return "market"
    if fig.verb in MARKET_VERBS:
        return "market"
    if fig.verb in DEAL_VERBS:
        return "deal"
    words = {w.lower() for w in _WORD.findall(sentence)}
    market = bool(words & MARKET_CUES) and bool(words & {"shares", "stock", "share"})
    deal = bool(words & DEAL_CUES)
    if market and not deal:
        return "market"
    if deal and not market:
        return "deal"
    return None


def _background(
    fig: Figure, near: str, before: str, published: dt.date | None, sentence: str = ""
) -> bool:
    """Does the figure describe another event or an earlier period? (Cue words next to
    it, "down from" before it, or a date in its sentence before the story's time.)"""
    if fig.qualifier == "peak":
        return False  # a peak bounds the same count ("down from the peak of 5,200")
    if BACKGROUND_CUES.search(near) or BACKGROUND_BEFORE.search(before):
        return True
    if published and any(int(y) < published.year for y in BACKGROUND_YEAR.findall(sentence)):
        return True
    if SINCE.search(sentence):
        return False  # "has enrolled 43,538 participants since July 27": a running total
    if published and fig.date and re.match(r"\d{4}", fig.date):
        year = int(fig.date[:4])
        if year < published.year - 0 and (published - dt.date(year, 12, 31)).days > 0:
            return True
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", fig.date):
            try:
                days = (published - dt.date.fromisoformat(fig.date)).days
            except ValueError:
                return False
            return days > BACKGROUND_DAYS
    return False


def _modifier(fig: Figure) -> str | None:
    """A capitalised word inside the counted phrase ("Conservative" in "118 Conservative
    Party MPs"), not a place or a nationality already given as the place."""
    words = fig.unit.split()
    caps = [w for w in words[:-1] if w[:1].isupper() and w.upper() != w]
    return caps[0].lower() if caps else None


def figure_slot(fig: Figure, sentence: str, offset: int, published: dt.date | None) -> _Slot:
    """The slot of a figure, given its sentence (``offset``: where the sentence starts)."""
    rel_end = max(0, fig.span.end - offset)
    rel_start = max(0, fig.span.start - offset)
    after = re.split(r"[,;:]|\d", sentence[rel_end : rel_end + ROLE_WINDOW])[0]
    before = sentence[max(0, rel_start - 30) : rel_start]
    # cue words for another period are read within the number's own clause part
    near = (
        re.split(r"[,;]", sentence[max(0, rel_start - BACKGROUND_WINDOW) : rel_start])[-1]
        + sentence[rel_start:rel_end]
        + re.split(r"[,;]", sentence[rel_end : rel_end + BACKGROUND_WINDOW])[0]
    )
    measure = fig.normalized_unit in ("m", "km")
    tally = tally_role(sentence, rel_start, rel_end)
    votes = bool(re.search(r"\bvot", sentence, re.I)) or _kind(fig) == "vote"  # "312 MPs in favour"
    role = _role(fig, after, before, votes, measure) if tally is None else tally or None
    return _Slot(
        kind=_kind(fig),
        role=role,
        of=_of(fig, sentence[rel_end : rel_end + 60], before),
        frame=_frame(sentence, fig, before),
        background=_background(fig, near, before, published, sentence),
        subject=fig.subject,
        place=fig.place,
        modifier=_modifier(fig),
    )


def compatible(a: _Slot, b: _Slot) -> bool:
    """Can two figures measure the same thing? Equal kinds, and nothing both say differs.

    A background figure joins only another background figure; a modifier ("Conservative
    MPs") must be on both or neither.
    """
    if a.kind != b.kind or not a.kind:
        return False
    if a.background != b.background or a.modifier != b.modifier:
        return False
    for x, y in ((a.role, b.role), (a.of, b.of), (a.frame, b.frame)):
        # heads compared: "$12 million in emergency aid" and "the $12 million aid package"
        if x and y and x.lower().split()[-1] != y.lower().split()[-1]:
            return False
    if a.subject and b.subject:
        sa, sb = set(a.subject.lower().split()), set(b.subject.lower().split())
        if not (sa <= sb or sb <= sa):
            return False  # "Takeda" vs "Shire"; "Nordhavn" ~ "Nordhavn Copenhagen"
    if a.role != b.role and (a.role in ("against", "for") or b.role in ("against", "for")):
        return False
    if a.kind == "days" and a.of != b.of:
        return False  # "a decade of talks" is not the "10 years" a ban lasts
    return not (a.place and b.place and a.place.lower() != b.place.lower())


# Counted nouns that name one group of people in different words: "nine suicide
# bombers" and "nine plotters who blew themselves up"; "43,000 volunteers" and "43,538
# participants" of one trial. Keys are singular heads (after :data:`_KIND_SYNONYMS`).
KIN = (
    frozenset(
        "bomber attacker assailant gunman gunmen militant plotter suspect perpetrator "
        "terrorist insurgent hijacker shooter jihadist extremist".split()
    ),
    frozenset("participant subject patient recruit enrollee".split()),
)
# A general word for people: the same group as any noun of :data:`KIN` but the
# perpetrators ("nearly 44,000 people" enrolled ~ "more than 43,000 volunteers").
GENERIC_PEOPLE = frozenset({"people", "person", "individual", "adult"})


def is_count(slot: _Slot) -> bool:
    """A count of things (not money, a percent or a converted measure)."""
    return bool(slot.kind) and slot.kind.islower() and slot.kind not in _MEASURE_KINDS


_MEASURE_KINDS = frozenset({"percent", "m", "km", "km2", "days", "kg", "km/h", "l", "magnitude"})


def kindred(a: str, b: str) -> bool:
    """Do two counted nouns name one group of people?

    >>> kindred("bomber", "plotter"), kindred("people", "participant")
    (True, True)
    >>> kindred("people", "bomber"), kindred("church", "hotel"), kindred("child", "bomber")
    (False, False, False)
    """
    if any(a in k and b in k for k in KIN):
        return True
    return (a in GENERIC_PEOPLE and b in KIN[1]) or (b in GENERIC_PEOPLE and a in KIN[1])


def is_weak(slot: _Slot) -> bool:
    """Does the slot say too little to set two values against each other? A background
    figure, or a duration or share with no role, no "of", no frame, no subject and no
    place: "60 days" and "65 days" in one story are more often two periods than one
    disputed one. Such slots join only values that agree (never a conflict)."""
    if slot.background:
        return True  # two earlier figures that differ are mostly two earlier moments
    generic = slot.kind in ("days", "percent")  # lengths and areas of one thing round alike
    return generic and not (slot.role or slot.of or slot.frame or slot.subject or slot.place)


def slot_key(slot: _Slot) -> str:
    """A stable text key for a slot (claim ids derive from it)."""
    parts = [slot.kind, slot.role or "", slot.of or "", slot.frame or "", slot.modifier or ""]
    parts += [slot.subject or "", slot.place or "", "bg" if slot.background else ""]
    return "|".join(p.lower() for p in parts)


# "fire brigade sources", "flood defences": the event noun names something else there
_NOT_A_MODIFIER = (
    r"(?![ -](?:brigades?|fighters?|department|services?|stations?|trucks?|crews?|chiefs?|"
    r"officials?|defen[cs]es|barriers?|warnings?|alarms?|insurance|victims?|survivors?|drills?))"
)
EVENT_NOUNS = (
    "collapse",
    "attack",
    "attacks",
    "bombing",
    "bombings",
    "blast",
    "blasts",
    "explosion",
    "earthquake",
    "quake",
    "flood",
    "floods",
    "fire",
    "crash",
    "storm",
    "shooting",
    "vote",
    "deal",
    "trial",
)
_MEASURE_LABEL = {"km2": "area", "days": "duration", "km/h": "speed", "kg": "weight"}
_ROLE_LABEL = {
    "killed": "killed",
    "injured": "injured",
    "missing": "missing",
    "critical": "in critical condition",
    "change": "(change)",
    "evacuated": "evacuated",
    "displaced": "displaced",
    "affected": "affected",
    "arrested": "arrested",
    "stranded": "stranded",
    "rescued": "rescued",
    "against": "voting against",
    "for": "voting for",
}


def slot_label(slot: _Slot, unit: str, sentence: str) -> str:
    """A label a person would write: "people killed in the collapse", "deal value (GBP)",
    "Conservative MPs voting against", "height (m)"."""
    code = currency_code(unit)
    if code:
        if slot.of == "share":
            base = "share price" if slot.frame == "market" else "offer per share"
        elif slot.of:
            base = slot.of  # "cost savings (USD)"
        elif slot.frame == "market":
            base = "market value"
        else:
            base = "deal value" if slot.frame == "deal" else "amount"
        label = f"{base} ({code})"
    elif slot.kind == "percent":
        what = f"share of {slot.of}" if slot.of else "percentage"
        if slot.frame == "market":
            what = "share price change"
        label = f"{what} (percent)"
    elif slot.role in ("height", "length", "width", "depth"):
        label = f"{slot.role} ({slot.kind})"
    elif slot.kind == "days" and slot.of:
        label = f"duration of {slot.of} ({unit})"  # "duration of negotiation (days)"
    elif slot.kind in _MEASURE_LABEL:
        label = f"{_MEASURE_LABEL[slot.kind]} ({unit})"
    else:
        noun = unit
        for r in (*_UNIT_ROLES, *_UNIT_PARTICIPLES):
            noun = re.sub(rf"\s+{r}$", "", noun)
        role = _ROLE_LABEL.get(slot.role or "")
        if slot.kind in ("vote", "mp") and role and role.startswith("voting"):
            noun = noun if slot.kind == "mp" else "votes"
            label = (
                f"{noun} {role.replace('voting ', '')}" if slot.kind == "vote" else f"{noun} {role}"
            )
        else:
            label = f"{noun} {role}" if role else noun
        if slot.role in ("killed", "injured", "missing", "critical"):
            low = sentence.lower()
            event = next(
                (e for e in EVENT_NOUNS if re.search(rf"\b{e}\b{_NOT_A_MODIFIER}", low)), None
            )
            if event:
                label += f" in the {event}"
    if slot.place:
        label += f" in {slot.place}"
    if slot.background:
        label = f"earlier: {label}"
    return label


__all__ = [
    "SINCE",
    "compatible",
    "figure_slot",
    "is_count",
    "is_weak",
    "kindred",
    "slot_key",
    "slot_label",
    "tally_role",
]
