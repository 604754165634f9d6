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

import jinja2
from markupsafe import Markup

from ..fuse.dates_display import human_date
from ..model import Article, Brief, Span
from .build import quote_shown, value_text, view
from .mapdata import story_pins
from .mapsvg import render_map
from .timelinesvg import timeline_svg

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
    """The story's own events on a true time axis, the publication window shaded."""
    st = brief.story
    window = (
        (st.first_published, st.last_published)
        if st.first_published and st.last_published
        else None
    )
    return Markup(timeline_svg([t for t in st.timeline if not t.background], window))


def render_html(
    brief: Brief,
    *,
    link: Link | None = None,
    appendix: bool = True,
    map_html: Markup | None = None,
) -> str:
    """The brief as a self-contained HTML page.

    Args:
        brief: the brief.
        link: where a citation points; default: the highlighted span in this page's
            appendix. The web app passes a link to its article page instead.
        appendix: include the source texts with highlighted spans.
        map_html: what to show in the Places section instead of the static SVG map
            (the web app's interactive map).
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
            source_count=v.source_count(),
            human_date=human_date,
            label=v.label,
            link=link or _default_link,
            value_text=value_text,
            quote_shown=quote_shown,
            map_svg=(
                map_html
                if map_html is not None
                else Markup(render_map(story_pins(brief, v.places), countries))
            ),
            timeline_svg=_timeline_svg(brief),
            appendix=arts,
            version=version("newsfuse"),
        )
    )
