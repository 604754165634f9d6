"""The brief as Markdown: every line cites its sources by label."""

from __future__ import annotations

from ..model import Brief
from .build import value_text, view

STATUS = {
    "conflicting": "**conflicting**",
    "consistent": "**consistent**",
    "corroborated": "**corroborated**",
    "single": "single source",
}


def _esc(text: str) -> str:
    """Escape characters that would break a Markdown table cell or inline markup."""
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


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
    line = f"{len(brief.sources)} sources · {srcs}"
    if v.event_range():
        line += f" · {v.event_range()}"
    out += [line, ""]
    if st.summary:
        out += ["### Summary", ""]
        out.append(" ".join(f"{_esc(s.text)} [{v.label(s.span.article_id)}]" for s in st.summary))
        out.append("")
    if v.claims:
        out += ["### Key figures", "", "| what | value | sources | status |", "|---|---|---|---|"]
        for c in v.claims:
            vals = " · ".join(
                f"{_esc(value_text(x.value, x.qualifier, c.unit))} [{v.label(x.article_id)}]"
                for x in c.values
            )
            status = STATUS[c.status]
            if c.status != "single" and c.explanation:
                status += f" ({_esc(c.explanation)})"
            n = len({x.article_id for x in c.values})
            out.append(f"| {_esc(c.label)} | {vals} | {n} | {status} |")
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
                f"- “{_esc(q.content)}” — {_esc(q.speaker or 'unnamed')} [{v.label(q.span.article_id)}]"
            )
        out.append("")
    if st.timeline:
        out += ["### Timeline", "", "| when | what | sources |", "|---|---|---|"]
        for t in st.timeline:
            cites = " ".join(f"[{v.label(s.article_id)}]" for s in t.spans)
            out.append(f"| {t.date} | {_esc(t.text)} | {cites} |")
        out.append("")
    if v.places:
        out += ["### Places", ""]
        out.append(
            " · ".join(
                f"{_esc(p.name)}" + (f" ({p.country})" if p.country else "") for p in v.places
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
            parts.append(", ".join([*s.byline, *([s.dateline.title()] if s.dateline else [])]))
        if s.url and s.url.startswith(("http://", "https://")):
            parts.append(f"<{s.url}>")
        out.append("- " + " — ".join(parts))
    return "\n".join(out) + "\n"
