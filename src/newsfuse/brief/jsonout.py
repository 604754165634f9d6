"""The brief as JSON, in the documented schema ``docs/brief.schema.json``."""

from __future__ import annotations

import json
from typing import Any

from ..fuse.dates_display import human_date
from ..model import Brief, to_dict
from .build import value_text, view


def brief_dict(brief: Brief) -> dict[str, Any]:
    """The brief as plain data: the full story plus ranked, readable sections."""
    v = view(brief)
    st = brief.story
    return {
        "version": brief.version,
        "generated": brief.generated,
        "story": to_dict(st),
        "sources": to_dict(brief.sources),
        "sections": {
            "summary": [
                {"text": s.text, "source": v.label(s.span.article_id), "span": to_dict(s.span)}
                for s in st.summary
            ],
            "key_figures": [
                {
                    "claim_id": c.id,
                    "what": c.label,
                    "status": c.status,
                    "changed_over_time": c.changed_over_time,
                    "sources": c.sources,
                    "review": c.review,
                    "explanation": c.explanation,
                    "equivalents": list(c.equivalents),
                    "values": [
                        {
                            "text": value_text(x.value, x.qualifier, x.unit or c.unit),
                            "value": x.value,
                            "qualifier": x.qualifier,
                            "unit": x.unit or c.unit,
                            "source": v.label(x.article_id),
                            "outlet": x.outlet,
                            "independent": x.independent,
                            "superseded": x.superseded,
                            "moved_from": x.moved_from,
                            "span": to_dict(x.span),
                        }
                        for x in c.values
                    ],
                }
                for c in v.claims
            ],
            "people": [
                {
                    "name": e.name,
                    "titles": list(e.titles),
                    "roles": [
                        {"role": r, "source": v.label(sp.article_id), "span": to_dict(sp)}
                        for r, sp in e.roles
                    ],
                }
                for e in v.people
            ],
            "groups": [{"name": g.name, "aliases": list(g.aliases)} for g in v.groups],
            "quotes": [
                {
                    "speaker": q.speaker,
                    "text": q.content,
                    "source": v.label(q.span.article_id),
                    "span": to_dict(q.span),
                }
                for q in v.quotes
            ],
            "timeline": [
                {
                    "date": t.date,
                    "label": human_date(t.date),
                    "precision": t.precision,
                    "background": t.background,
                    "text": t.text,
                    "sources": [v.label(sp.article_id) for sp in t.spans],
                }
                for t in st.timeline
            ],
            "places": [
                {"name": p.name, "country": p.country, "lat": p.lat, "lon": p.lon} for p in v.places
            ],
        },
    }


def render_json(brief: Brief) -> str:
    """The brief as a JSON document (UTF-8, indented)."""
    return json.dumps(brief_dict(brief), ensure_ascii=False, indent=2) + "\n"
