"""The built-in stages, registered through the same hook as third-party ones.

Each adapter reads what its extractor needs from the pipeline state and returns what
it produces. The extractors themselves are pure functions in their own modules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .stages import stage


@stage("entities.v1", requires=("doc",), produces=("entities",))
def _entities(state: Mapping[str, Any], res: Any) -> dict[str, Any]:
    from .entities import extract_entities

    return {"entities": extract_entities(state["article"], state["doc"], res)}


@stage("places.v1", requires=("doc", "entities"), produces=("places",))
def _places(state: Mapping[str, Any], res: Any) -> dict[str, Any]:
    from .places import extract_places

    return {"places": extract_places(state["article"], state["doc"], state["entities"], res)}


@stage("dates.v1", requires=("doc",), produces=("dates",))
def _dates(state: Mapping[str, Any], res: Any) -> dict[str, Any]:
    from .dates import extract_dates

    return {"dates": extract_dates(state["article"], state["doc"])}


@stage("figures.v1", requires=("doc", "entities", "places", "dates"), produces=("figures",))
def _figures(state: Mapping[str, Any], res: Any) -> dict[str, Any]:
    from .figures import extract_figures

    return {
        "figures": extract_figures(
            state["article"], state["doc"], state["entities"], state["places"], state["dates"]
        )
    }


@stage("quotes.v1", requires=("doc", "entities"), produces=("quotes",))
def _quotes(state: Mapping[str, Any], res: Any) -> dict[str, Any]:
    from .quotes import extract_quotes

    return {"quotes": extract_quotes(state["article"], state["doc"], state["entities"])}


@stage("events.v1", requires=("doc", "entities", "places", "dates"), produces=("events",))
def _events(state: Mapping[str, Any], res: Any) -> dict[str, Any]:
    from .events import extract_events

    return {
        "events": extract_events(
            state["article"], state["doc"], state["entities"], state["places"], state["dates"]
        )
    }
