"""The brief as one self-contained HTML file that works offline.

No scripts, no external fonts or images: inline CSS, an inline SVG map and timeline, and
the source texts at the end with every cited span wrapped in ``<mark id=...>``, so a
click on a citation scrolls to the highlighted words. A Content-Security-Policy forbids
scripts outright, and every string from an article goes through Jinja2's autoescape.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from html import escape
from typing import Any

import jinja2
from markupsafe import Markup

from ..model import Article, Brief, Span
from .build import value_text, view
from .mapsvg import MapPin, render_map

Link = Callable[[Span], str]


def anchor_id(span: Span) -> str:
    """The element id of a cited span in the appendix."""
    return f"src-{span.article_id}-{span.start}-{span.end}"


def _default_link(span: Span) -> str:
    return "#" + anchor_id(span)


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("newsfuse.brief", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def cited_spans(brief: Brief) -> dict[str, list[Span]]:
    """Every span the brief links to, by article."""
    st = brief.story
    spans: list[Span] = [s.span for s in st.summary]
    spans += [v.span for c in st.claims for v in c.values]
    spans += [sp for e in st.entities for _, sp in e.roles]
    spans += [q.span for q in st.quotes]
    spans += [sp for t in st.timeline for sp in t.spans]
    out: dict[str, list[Span]] = {}
    for sp in dict.fromkeys(spans):
        out.setdefault(sp.article_id, []).append(sp)
    return out


def highlight(article: Article, spans: list[Span]) -> Markup:
    """The article text, escaped, with each span marked and addressable by id.

    Spans nested in another span become nested ``<mark>`` elements; where a span crosses
    the end of an open one, the open one is cut short there, so every cited span keeps
    its own element and every link scrolls to the right words.
    """
    text = article.text
    out: list[str] = []
    pos = 0
    stack: list[int] = []  # ends of the open marks, innermost last

    def advance(to: int) -> None:
        nonlocal pos
        while stack and stack[-1] <= to:
            end = stack.pop()
            out.append(escape(text[pos:end]) + "</mark>")
            pos = end
        out.append(escape(text[pos:to]))
        pos = to

    for sp in sorted(dict.fromkeys(spans), key=lambda s: (s.start, -s.end)):
        if not 0 <= sp.start < sp.end <= len(text):
            continue
        advance(sp.start)
        while stack and sp.end > stack[-1]:  # crosses an open mark: that one ends here
            stack.pop()
            out.append("</mark>")
        out.append(f'<mark id="{anchor_id(sp)}">')
        stack.append(sp.end)
    advance(len(text))
    return Markup("".join(out))


def _timeline_svg(brief: Brief) -> Markup:
    """A horizontal strip with one dot per dated event, labelled with its date."""
    tl = brief.story.timeline
    if not tl:
        return Markup("")
    n = len(tl)
    width, step = 960, 960 / max(n, 1)
    dots = []
    for i, t in enumerate(tl):
        x = step * i + step / 2
        dots.append(
            f'<g><circle cx="{x:.0f}" cy="24" r="6"><title>{escape(t.date)}: '
            f"{escape(t.text[:140])}</title></circle>"
            f'<text x="{x:.0f}" y="50" text-anchor="middle">{escape(t.date)}</text></g>'
        )
    return Markup(
        f'<svg class="timeline-svg" viewBox="0 0 {width} 60" role="img" '
        f'aria-label="Timeline of dated events" xmlns="http://www.w3.org/2000/svg">'
        f'<line x1="0" y1="24" x2="{width}" y2="24"/>{"".join(dots)}</svg>'
    )


def _pins(brief: Brief, places: list[Any]) -> list[MapPin]:
    """Map pins: the story's places, and the articles' datelines."""
    pins = [
        MapPin(p.name, p.lat, p.lon, "place", p.country or "")
        for p in places
        if p.lat is not None and p.lon is not None
    ]
    datelines = {s.dateline for s in brief.sources if s.dateline}
    if datelines:
        gaz = _gazetteer()
        for dl in sorted(datelines):
            found = sorted(gaz.lookup(dl), key=lambda e: -(e.population or 0))
            if found:
                e = found[0]
                pins.append(MapPin(dl.title(), e.lat, e.lon, "dateline", "dateline"))
    return pins


@cache
def _gazetteer() -> Any:
    """The gazetteer (to place datelines on the map), loaded once per process."""
    from ..annotate.gazetteer import load_gazetteer

    return load_gazetteer()


def render_html(brief: Brief, *, link: Link | None = None, appendix: bool = True) -> str:
    """The brief as a self-contained HTML page.

    Args:
        brief: the brief.
        link: where a citation points; default: the highlighted span in this page's
            appendix. The web app passes a link to its article page instead.
        appendix: include the source texts with highlighted spans.
    """
    v = view(brief)
    cited = cited_spans(brief)
    arts = (
        [
            {
                "id": a.id,
                "title": a.title,
                "outlet": a.outlet,
                "html": highlight(a, cited.get(a.id, [])),
            }
            for a in brief.articles
        ]
        if appendix
        else []
    )
    countries = frozenset(p.country for p in v.places if p.country)
    from importlib.metadata import version

    return (
        _env()
        .get_template("brief.html.j2")
        .render(
            brief=brief,
            story=brief.story,
            claims=v.claims,
            people=v.people,
            groups=v.groups,
            quotes=v.quotes,
            places=v.places,
            event_range=v.event_range(),
            label=v.label,
            link=link or _default_link,
            value_text=value_text,
            map_svg=Markup(render_map(_pins(brief, v.places), countries)),
            timeline_svg=_timeline_svg(brief),
            appendix=arts,
            version=version("newsfuse"),
        )
    )
