"""Score predictions against gold, by the rules of ``../shared/eval/SCHEMA.md``.

Every field is matched one-to-one, greedily, gold items in text order each taking the
first unmatched prediction that satisfies the field's rule. Counts are summed over all
articles (micro-averaging) before precision, recall and F1 are computed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..annotate.gazetteer import haversine_km
from ..annotate.units import currency_code

PLACE_TOLERANCE_KM = 161.0  # SCHEMA.md: 100 miles
ROLE_MIN_F1 = 0.5  # SCHEMA.md: roles count when content-word token F1 >= 0.5
QUOTE_PREFIX_CHARS = 80  # SCHEMA.md: gold starts_with within the first 80 characters

FIELDS = (
    "people",
    "roles",
    "organizations",
    "places",
    "place_names",
    "place_acc161",
    "quotes",
    "figures",
    "dates",
)

_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "–": "-",
        "—": " - ",
        "‐": "-",
        "‑": "-",
        "−": "-",
    }
)
_PUNCT = re.compile(r"[^\w\s'-]")
_LOOSE = re.compile(r"(?<!\w)[-']|[-'](?!\w)")
_SPACES = re.compile(r"\s+")
# Prefixes that make a new word rather than a compound: "percent" is not a kind of "cent".
BOUND_PREFIXES = frozenset({"per", "pre", "pro", "sub", "non", "dis", "mis", "con", "com", "inter"})
# Small English stopword list for the role rule (function words, not content).
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "and",
        "or",
        "but",
        "as",
        "is",
        "was",
        "who",
        "which",
        "that",
        "this",
        "its",
        "his",
        "her",
        "their",
        "our",
        "one",
        "top",
    ]
)


def normalize(text: str) -> str:
    """SCHEMA.md string normalization: NFKC, case-folded, plain quotes and dashes,
    punctuation other than inner hyphens and apostrophes removed, whitespace collapsed.

    >>> normalize("  The “U.S.-led”  coalition—now ")
    'the us-led coalition now'
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    text = _LOOSE.sub(" ", _PUNCT.sub("", text))
    return _SPACES.sub(" ", text).strip()


def normalize_name(text: str) -> str:
    """:func:`normalize` plus a leading "the" and a trailing "'s" dropped.

    >>> normalize_name("the Islamic State's")
    'islamic state'
    """
    text = normalize(text)
    text = text.removeprefix("the ")
    return text.removesuffix("'s").strip()


def _names(item: Mapping[str, Any]) -> set[str]:
    """Normalized name and mentions of an entity/place."""
    out = {normalize_name(str(item.get("name") or ""))}
    out.update(normalize_name(str(m)) for m in item.get("mentions") or ())
    out.discard("")
    return out


def _singular(word: str) -> str:
    """A crude singular: "troops" -> "troop", "strikes" -> "strike", "cities" -> "city"."""
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def units_agree(a: str, b: str) -> bool:
    """SCHEMA.md unit rule: the last word of one unit, made singular, equals a word of
    the other or ends one that is a compound of it.

    >>> units_agree("airstrikes", "strikes"), units_agree("troops", "people")
    (True, False)

    A currency agrees with its ISO 4217 code ("dollars" ~ "USD", "pounds" ~ "GBP per
    share"), as gold sets write money either way (#8).

    >>> units_agree("euros", "EUR"), units_agree("dollars", "GBP")
    (True, False)
    """
    code = currency_code(a)
    if code is not None and code == currency_code(b):
        return True

    def one_way(x: str, y: str) -> bool:
        xs, ys = normalize(x).split(), normalize(y).split()
        if not xs or not ys:
            return False
        last = _singular(xs[-1])
        for w in ys:
            w = _singular(w)
            if w == last:
                return True
            prefix = w[: -len(last)]
            if w.endswith(last) and len(prefix) >= 3 and prefix not in BOUND_PREFIXES:
                return True  # "airstrike" is a compound of "strike"
        return False

    return one_way(a, b) or one_way(b, a)


def _content_tokens(text: str) -> list[str]:
    """Content words of a role."""
    return [w for w in normalize(text).replace("-", " ").split() if w not in STOPWORDS]


def token_f1(a: str, b: str) -> float:
    """Token-overlap F1 of the content words of two strings."""
    ta, tb = _content_tokens(a), _content_tokens(b)
    if not ta or not tb:
        return 0.0
    common = 0
    rest = list(tb)
    for w in ta:
        if w in rest:
            rest.remove(w)
            common += 1
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


@dataclass
class Counts:
    """Matched and total items for one field."""

    tp_pred: int = 0  # matched predictions
    n_pred: int = 0
    tp_gold: int = 0  # matched gold items
    n_gold: int = 0
    articles: int = 0  # articles whose gold annotates this field (0: not scored at all)

    @property
    def precision(self) -> float:
        """Matched predictions / predictions (1.0 when nothing was predicted)."""
        return self.tp_pred / self.n_pred if self.n_pred else (1.0 if not self.n_gold else 0.0)

    @property
    def recall(self) -> float:
        """Matched gold / gold (1.0 when there is no gold)."""
        return self.tp_gold / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        """Add another field's counts (micro-averaging)."""
        self.tp_pred += other.tp_pred
        self.n_pred += other.n_pred
        self.tp_gold += other.tp_gold
        self.n_gold += other.n_gold
        self.articles += other.articles

    def to_dict(self) -> dict[str, float | int]:
        """Plain values for JSON."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "matched_pred": self.tp_pred,
            "pred": self.n_pred,
            "matched_gold": self.tp_gold,
            "gold": self.n_gold,
            "articles": self.articles,
        }


def greedy_match(
    gold: Sequence[Mapping[str, Any]],
    pred: Sequence[Mapping[str, Any]],
    rule: Callable[[Mapping[str, Any], Mapping[str, Any]], bool],
) -> dict[int, int]:
    """One-to-one greedy matching in text order: gold index -> prediction index."""
    used: set[int] = set()
    pairs: dict[int, int] = {}
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and rule(g, p):
                used.add(pi)
                pairs[gi] = pi
                break
    return pairs


def _counts(gold: Sequence[Any], pred: Sequence[Any], pairs: Mapping[int, int]) -> Counts:
    """Counts from a matching."""
    return Counts(len(pairs), len(pred), len(pairs), len(gold))


def _entity_rule(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
    return bool(_names(g) & _names(p))


def _place_rule(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
    if not _names(g) & _names(p):
        return False
    try:
        return (
            haversine_km(float(g["lat"]), float(g["lon"]), float(p["lat"]), float(p["lon"]))
            <= PLACE_TOLERANCE_KM
        )
    except (KeyError, TypeError, ValueError):
        return False


def _has_coords(item: Mapping[str, Any]) -> bool:
    try:
        float(item["lat"]), float(item["lon"])
    except (KeyError, TypeError, ValueError):
        return False
    return True


def place_split_counts(
    gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]]
) -> tuple[Counts, Counts]:
    """The two place measures of issue #9 over gold places with coordinates.

    Recognition counts a predicted place right when its name or a mention is that of a
    gold place (coordinates aside); accuracy@161 is the share of recognized gold places
    whose prediction lies within 161 km (its precision, recall and F1 all equal that
    share). Pairs that also agree on coordinates are matched first, so every strict
    ``places`` match is a recognized one. A prediction naming only a gold place that has
    no coordinates is left out of both.

    >>> g = [{"name": "Paris", "lat": 48.85, "lon": 2.35}]
    >>> names, acc = place_split_counts(g, [{"name": "Paris", "lat": 33.66, "lon": -95.56}])
    >>> names.f1, acc.recall
    (1.0, 0.0)
    """
    located = [g for g in gold if _has_coords(g)]
    unlocated = [g for g in gold if not _has_coords(g)]
    strict = greedy_match(located, pred, _place_rule)
    rest_gold = [i for i in range(len(located)) if i not in strict]
    rest_pred = [i for i in range(len(pred)) if i not in set(strict.values())]
    loose = greedy_match(
        [located[i] for i in rest_gold], [pred[i] for i in rest_pred], _entity_rule
    )
    recognized = len(strict) + len(loose)
    left = [pred[rest_pred[i]] for i in range(len(rest_pred)) if i not in set(loose.values())]
    elsewhere = len(greedy_match(unlocated, left, _entity_rule))
    names = Counts(recognized, len(pred) - elsewhere, recognized, len(located))
    acc = Counts(len(strict), recognized, len(strict), recognized)
    return names, acc


def quote_matches(gold_start: str, pred_text: str) -> bool:
    """SCHEMA.md quote rule on normalized text."""
    g, p = normalize(gold_start), normalize(pred_text)
    if not g:
        return False
    return p.startswith(g) or g in p[:QUOTE_PREFIX_CHARS]


def _quote_rule(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
    text = str(p.get("text") or p.get("starts_with") or "")
    return quote_matches(str(g.get("starts_with") or ""), text)


def _figure_rule(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
    try:
        same = float(g["value"]) == float(p["value"])
    except (KeyError, TypeError, ValueError):
        return False
    return same and units_agree(str(g.get("unit") or ""), str(p.get("unit") or ""))


def _date_key(item: Mapping[str, Any]) -> tuple[str, str]:
    return normalize(str(item.get("mention") or "")), str(item.get("value"))


def date_counts(gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]]) -> Counts:
    """Dates matched one-to-one, except that a prediction repeating a matched one (same
    mention and value) is neither right nor wrong: the dev gold lists a repeated date
    once ("'today' occurs twice (one entry)"), TimeBank lists every occurrence, and
    both are then scored as their annotators meant.

    >>> g = [{"mention": "Monday", "value": "2020-11-09"}]
    >>> c = date_counts(g, g * 2)
    >>> (c.tp_pred, c.n_pred, c.tp_gold, c.n_gold)
    (1, 1, 1, 1)
    """
    pairs = greedy_match(gold, pred, _date_rule)
    matched = {_date_key(pred[pi]) for pi in pairs.values()}
    used = set(pairs.values())
    repeats = sum(1 for i, p in enumerate(pred) if i not in used and _date_key(p) in matched)
    return Counts(len(pairs), len(pred) - repeats, len(pairs), len(gold))


def _date_rule(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
    gm, pm = normalize(str(g.get("mention") or "")), normalize(str(p.get("mention") or ""))
    if not gm or not pm or not (gm in pm or pm in gm):
        return False
    return str(g.get("value")) == str(p.get("value"))


RULES: dict[str, Callable[[Mapping[str, Any], Mapping[str, Any]], bool]] = {
    "people": _entity_rule,
    "organizations": _entity_rule,
    "places": _place_rule,
    "quotes": _quote_rule,
    "figures": _figure_rule,
    "dates": _date_rule,
}


@dataclass
class DocScore:
    """Counts per field for one article, plus the speaker tallies."""

    fields: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    speaker_right: int = 0
    speaker_total: int = 0


def speaker_name_set(speaker: str, cluster_entities: Iterable[Mapping[str, Any]]) -> set[str]:
    """The gold speaker's name plus every mention of that entity in the cluster."""
    target = normalize_name(speaker)
    out = {target}
    for ent in cluster_entities:
        names = _names(ent)
        if target in names:
            out |= names
    return out


def score_speakers(
    gold_quotes: Sequence[Mapping[str, Any]],
    pred_quotes: Sequence[Mapping[str, Any]],
    cluster_entities: Sequence[Mapping[str, Any]],
) -> tuple[int, int]:
    """(right, total) over gold quotes with a named speaker."""
    pairs = greedy_match(gold_quotes, pred_quotes, _quote_rule)
    right = total = 0
    for gi, g in enumerate(gold_quotes):
        speaker = str(g.get("speaker") or "")
        if not speaker or "(unnamed)" in speaker:
            continue
        total += 1
        if gi in pairs:
            said = normalize_name(str(pred_quotes[pairs[gi]].get("speaker") or ""))
            if said and said in speaker_name_set(speaker, cluster_entities):
                right += 1
    return right, total


def score_document(
    gold: Mapping[str, Any],
    pred: Mapping[str, Any],
    cluster_entities: Sequence[Mapping[str, Any]] = (),
) -> DocScore:
    """Score one article's prediction against its gold.

    Args:
        gold: the parsed ``<doc>.gold.json``.
        pred: the prediction in the same format.
        cluster_entities: gold people and organizations of every article in the cluster
            (a speaker is right when it equals any name or mention of the gold speaker).

    Returns:
        Counts per field and the speaker tallies.
    """
    out = DocScore()
    for name, rule in RULES.items():
        if name not in gold:
            continue  # SCHEMA.md: an omitted field is not scored (an empty list is)
        g, p = list(gold.get(name) or ()), list(pred.get(name) or ())
        if name == "dates":
            out.fields[name] = date_counts(g, p)
        elif name == "places":
            out.fields[name] = _counts(g, p, greedy_match(g, p, rule))
            names, acc = place_split_counts(g, p)
            out.fields["place_names"], out.fields["place_acc161"] = names, acc
            names.articles = acc.articles = 1
        else:
            out.fields[name] = _counts(g, p, greedy_match(g, p, rule))
        out.fields[name].articles = 1
    if "people" in gold:
        out.fields["roles"] = _roles(gold, pred)
    if "quotes" in gold:
        out.speaker_right, out.speaker_total = score_speakers(
            list(gold.get("quotes") or ()), list(pred.get("quotes") or ()), cluster_entities
        )
    return out


def _roles(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> Counts:
    """Role recall counts: gold people with a role whose matched prediction has it."""
    g_people, p_people = list(gold.get("people") or ()), list(pred.get("people") or ())
    pairs = greedy_match(g_people, p_people, _entity_rule)
    roles = Counts(articles=1)
    for gi, gp in enumerate(g_people):
        if not gp.get("role"):
            continue
        roles.n_gold += 1
        pp = p_people[pairs[gi]] if gi in pairs else None
        if pp and pp.get("role") and token_f1(str(gp["role"]), str(pp["role"])) >= ROLE_MIN_F1:
            roles.tp_gold += 1
    for pp in p_people:
        if pp.get("role"):
            roles.n_pred += 1
    roles.tp_pred = roles.tp_gold
    return roles


__all__ = [
    "FIELDS",
    "Counts",
    "DocScore",
    "date_counts",
    "greedy_match",
    "normalize",
    "normalize_name",
    "place_split_counts",
    "quote_matches",
    "score_document",
    "score_speakers",
    "token_f1",
    "units_agree",
]
