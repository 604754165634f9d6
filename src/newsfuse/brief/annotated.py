"""An article's text as HTML with what was extracted from it marked (the article page),
a cited span highlighted. Search snippets are marked by
:func:`newsfuse.store.search.snippet_html`."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from ..model import AnnotatedArticle

KIND_CLASSES = {
    "person": "k-person",
    "organization": "k-org",
    "place": "k-place",
    "quote": "k-quote",
    "figure": "k-figure",
    "date": "k-date",
}

Mark = tuple[int, int, str, str]  # start, end, CSS class, tooltip


def annotation_marks(ann: AnnotatedArticle | None) -> list[Mark]:
    """One mark per entity or place mention, figure, date and direct quote."""
    if ann is None:
        return []
    marks: list[Mark] = []
    for e in ann.entities:
        for m in e.mentions:
            marks.append((m.span.start, m.span.end, KIND_CLASSES[e.kind], f"{e.kind}: {e.name}"))
    for p in ann.places:
        for m in p.mentions:
            marks.append((m.span.start, m.span.end, "k-place", f"place: {p.name} ({p.country})"))
    for f in ann.figures:
        marks.append((f.span.start, f.span.end, "k-figure", f"{f.qualifier} {f.value:g} {f.unit}"))
    for d in ann.dates:
        marks.append((d.span.start, d.span.end, "k-date", f"date: {d.value}"))
    for q in ann.quotes:
        if q.direct:
            marks.append((q.span.start, q.span.end, "k-quote", f"quote: {q.speaker or 'unnamed'}"))
    return marks


def parse_span(hl: str | None, length: int) -> tuple[int, int] | None:
    """A ``START-END`` query value as a span inside a text of ``length``, else None.

    >>> parse_span("3-9", 20), parse_span("9-3", 20), parse_span("x", 20), parse_span("0-21", 20)
    ((3, 9), None, None, None)
    """
    if not hl:
        return None
    try:
        a, b = (int(x) for x in hl.split("-", 1))
    except ValueError:
        return None
    return (a, b) if 0 <= a < b <= length else None


def annotated_html(text: str, marks: list[Mark], hl: tuple[int, int] | None = None) -> Markup:
    """Escaped text with non-overlapping marks wrapped in ``<mark>`` by kind; the cited
    span ``hl`` wins over the marks it overlaps and gets ``id="hl"``.

    >>> str(annotated_html("a <b> c", [(2, 5, "k-org", "x")]))
    'a <mark class="k-org" title="x">&lt;b&gt;</mark> c'
    """
    events = sorted(marks, key=lambda m: (m[0], -m[1]))
    if hl:
        events = [(hl[0], hl[1], "hl", "cited")] + [
            m for m in events if m[1] <= hl[0] or m[0] >= hl[1]
        ]
        events.sort(key=lambda m: (m[0], -m[1]))
    out, pos = [], 0
    for s, e, cls, title in events:
        if s < pos or e > len(text):
            continue
        out.append(escape(text[pos:s]))
        ident = ' id="hl"' if cls == "hl" else ""
        out.append(f'<mark class="{cls}"{ident} title="{escape(title)}">{escape(text[s:e])}</mark>')
        pos = e
    out.append(escape(text[pos:]))
    return Markup("".join(out))


__all__ = ["KIND_CLASSES", "annotated_html", "annotation_marks", "parse_span"]
