"""The brief as Markdown: every line cites its sources by label."""

from __future__ import annotations

import re
from urllib.parse import quote

from ..fuse.dates_display import human_date
from ..model import Brief
from .build import quote_shown, value_text, view

STATUS = {
    "conflicting": "**conflicting**",
    "consistent": "**consistent**",
    "corroborated": "**corroborated**",
    "single": "single source",
}
REVIEW = {"confirmed": "conflict confirmed", "dismissed": "conflict dismissed"}  # #8


_MARKUP = re.compile(r"([\\`*_\[\]|~])")  # emphasis, code, links/images, table cells
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}  # raw HTML and autolinks


def _esc(text: str) -> str:
    """Any field as literal Markdown text: no links, images, HTML, emphasis or cell breaks.

    >>> _esc("[x](javascript:alert(1)) <b>*hi*</b> | a\\nb")
    '\\\\[x\\\\](javascript:alert(1)) &lt;b&gt;\\\\*hi\\\\*&lt;/b&gt; \\\\| a b'
    """
    text = re.sub(r"[\r\n\t\x00-\x1f\x7f\u2028\u2029\x85]+", " ", text)
    text = "".join(_ENTITIES.get(c, c) for c in text)
    return _MARKUP.sub(r"\\\1", text)


def _url(url: str) -> str:
    """A URL safe inside ``<...>``: spaces, brackets and controls percent-encoded."""
    return quote(url, safe=":/?#@!$&'()*+,;=%~-._")


def render_markdown(brief: Brief) -> str:
    """The brief as a Markdown document (see ../shared/BRIEF-EXAMPLE.md for the shape)."""
    v = view(brief)
    st = brief.story
    out: list[str] = [f"## {_esc(st.title)}", ""]
    srcs = " · ".join(
        f"{_esc(s.outlet or s.label)} ({s.published or 'undated'}"
        f"{', ' + _esc(s.dateline.title()) if s.dateline else ''})"
        for s in brief.sources
    )
    line = f"{v.source_count()} · {srcs}"
    if v.event_range():
        line += f" · {v.event_range()}"
    out += [line, ""]
    if st.summary:
        out += ["### Summary", ""]
        out.append(" ".join(f"{_esc(s.text)} [{v.label(s.span.article_id)}]" for s in st.summary))
        out.append("")
    if v.claims:
        out += ["### Key figures", "", "| what | value | sources | status |", "|---|---|---|---|"]
        labels = {c.id: c.label for c in v.claims}
        for c in v.claims:
            vals = " · ".join(
                f"{_esc(value_text(x.value, x.qualifier, x.unit or c.unit))} [{v.label(x.article_id)}]"
                + ("" if x.independent else " (copy)")
                + (" (revised in this report)" if x.independent and x.superseded else "")
                for x in c.values
            )
            status = "**changed over time**" if c.changed_over_time else STATUS[c.status]
            if c.explanation:
                status += f" ({_esc(c.explanation)})"
            if c.review:
                status += f"; analyst: {REVIEW[c.review]}"
            same = [labels[e] for e in c.equivalents if e in labels]
            if same:
                status += f"; same amount as: {_esc(', '.join(same))}"
            out.append(f"| {_esc(c.label)} | {vals} | {c.sources} | {status} |")
        out.append("")
    if v.people or v.groups:
        out += ["### Who's who", ""]
        for e in v.people:
            title = f"{e.titles[0]} " if e.titles and e.titles[0] not in e.name else ""
            roles = "; ".join(f"{_esc(r)} [{v.label(sp.article_id)}]" for r, sp in e.roles[:2])
            out.append(f"- **{_esc(title + e.name)}**" + (f" — {roles}" if roles else ""))
        if v.groups:
            groups = " · ".join(
                f"**{_esc(g.name)}**"
                + (f" ({', '.join(_esc(a) for a in g.aliases[:3])})" if g.aliases else "")
                for g in v.groups
            )
            out.append(f"- Groups: {groups}")
        out.append("")
    if v.quotes:
        out += ["### Quotes", ""]
        for q in v.quotes:
            out.append(
                f"- “{_esc(quote_shown(q.content))}” — {_esc(q.speaker or 'unnamed')} [{v.label(q.span.article_id)}]"
            )
        out.append("")
    for heading, entries in (("Timeline", v.events()), ("Background dates", v.background())):
        if entries:
            out += [f"### {heading}", "", "| when | what | sources |", "|---|---|---|"]
            for t in entries:
                cites = " ".join(f"[{v.label(s.article_id)}]" for s in t.spans)
                out.append(f"| {human_date(t.date)} | {_esc(t.text)} | {cites} |")
            out.append("")
    if v.places:
        out += ["### Places", ""]
        out.append(
            " · ".join(
                f"{_esc(p.name)}" + (f" ({_esc(p.country)})" if p.country else "") for p in v.places
            )
        )
        lines = [s for s in brief.sources if s.dateline]
        if lines:
            out.append("")
            out.append(
                "Datelines: " + ", ".join(f"{_esc(s.dateline or '')} [{s.label}]" for s in lines)
            )
        out.append("")
    out += ["### Sources", ""]
    for s in brief.sources:
        parts = [f"[{s.label}] {_esc(s.outlet or 'unknown outlet')}"]
        if s.title:
            parts.append(f"“{_esc(s.title)}”")
        parts.append(str(s.published or "undated"))
        if s.byline or s.dateline:
            names = [*s.byline, *([s.dateline.title()] if s.dateline else [])]
            parts.append(", ".join(_esc(n) for n in names))
        if s.url and s.url.startswith(("http://", "https://")):
            parts.append(f"<{_url(s.url)}>")
        out.append("- " + " — ".join(parts))
    return "\n".join(out) + "\n"
