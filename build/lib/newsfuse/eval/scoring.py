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

PLACE_TOLERANCE_KM = 161.0  # SCHEMA.md: 100 miles
ROLE_MIN_F1 = 0.5  # SCHEMA.md: roles count when content-word token F1 >= 0.5
QUOTE_PREFIX_CHARS = 80  # SCHEMA.md: gold starts_with within the first 80 characters

FIELDS = ("people", "roles", "organizations", "places", "quotes", "figures", "dates")

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
    """

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
        g, p = list(gold.get(name) or ()), list(pred.get(name) or ())
        out.fields[name] = _counts(g, p, greedy_match(g, p, rule))
    g_people, p_people = list(gold.get("people") or ()), list(pred.get("people") or ())
    pairs = greedy_match(g_people, p_people, _entity_rule)
    roles = Counts()
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
    out.fields["roles"] = roles
    out.speaker_right, out.speaker_total = score_speakers(
        list(gold.get("quotes") or ()), list(pred.get("quotes") or ()), cluster_entities
    )
    return out


__all__ = [
    "FIELDS",
    "Counts",
    "DocScore",
    "greedy_match",
    "normalize",
    "normalize_name",
    "quote_matches",
    "score_document",
    "score_speakers",
    "token_f1",
    "units_agree",
]
