"""Dates: our resolver beside dateparser's ``search_dates`` on the same gold sets.

Usage: ``python bench/dates_compare.py GOLD_DIR [GOLD_DIR ...]`` (for example
``../shared/eval/public/timebank-dev ../shared/eval/dev``). Prints precision, recall and
F1 of the dates field for both, scored by ``newsfuse.eval.scoring`` (SCHEMA.md rules).
dateparser gets the publication date as its relative base and, since it returns a
datetime without a precision, the precision is read off the matched words (a day
number, weekday or "today"/"yesterday" -> day; a month name -> month; else year).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

from newsfuse.annotate import Resources
from newsfuse.annotate.dates import extract_dates
from newsfuse.eval.runner import build_article, iter_gold
from newsfuse.eval.scoring import Counts, score_document

_DAY = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\b(?!\d)|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|today|yesterday|tomorrow|tonight|ago)",
    re.I,
)
_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|month", re.I)


def _dateparser_dates(text: str, pub: dt.date | None) -> list[dict[str, Any]]:
    from dateparser.search import search_dates

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past"}
    if pub:
        settings["RELATIVE_BASE"] = dt.datetime(pub.year, pub.month, pub.day)
    found = search_dates(text, languages=["en"], settings=settings) or []
    out = []
    for mention, when in found:
        if _DAY.search(mention) and not re.fullmatch(r"\d{4}", mention.strip()):
            value = when.date().isoformat()
        elif _MONTH.search(mention):
            value = f"{when.year:04d}-{when.month:02d}"
        else:
            value = str(when.year)
        out.append({"mention": mention, "value": value})
    return out


def main(dirs: list[str]) -> None:
    nlp = Resources.load().nlp
    for gold_dir in dirs:
        ours, theirs = Counts(), Counts()
        t_ours = t_theirs = 0.0
        for gdoc in iter_gold(Path(gold_dir)):
            gold = json.loads(gdoc.gold_path.read_text(encoding="utf-8"))
            if "dates" not in gold:
                continue
            article = build_article(gdoc)
            doc = nlp(article.text)
            t0 = time.perf_counter()
            mine = [{"mention": d.text, "value": d.value} for d in extract_dates(article, doc)]
            t1 = time.perf_counter()
            other = _dateparser_dates(article.text, article.published)
            t2 = time.perf_counter()
            t_ours, t_theirs = t_ours + t1 - t0, t_theirs + t2 - t1
            g = {"dates": gold["dates"]}
            ours.add(score_document(g, {"dates": mine}).fields["dates"])
            theirs.add(score_document(g, {"dates": other}).fields["dates"])
        for name, c, secs in (("newsfuse", ours, t_ours), ("dateparser", theirs, t_theirs)):
            print(
                f"{gold_dir}\t{name}\tP={c.precision:.3f}\tR={c.recall:.3f}\tF1={c.f1:.3f}"
                f"\t{secs:.1f}s"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
