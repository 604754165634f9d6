"""fuse: put the sources side by side.

- :class:`StoryIndex` groups articles into stories incrementally;
- :func:`resolve_entities` makes one entity of a person, group or place across outlets;
- :func:`align_figures` aligns figures into corroborated/consistent/conflicting claims;
- :func:`build_timeline` orders dated events, each once with all sources;
- :func:`summarize` writes the cited extractive summary;
- :func:`build_story` assembles a :class:`~newsfuse.model.Story`; :func:`fuse` does all.
"""

from .claims import align_figures, units_compatible
from .clustering import StoryIndex, story_key
from .entities import resolve_entities
from .story import build_story, fuse, story_quotes
from .summary import summarize, summarize_texts
from .timeline import build_timeline

__all__ = [
    "StoryIndex",
    "align_figures",
    "build_story",
    "build_timeline",
    "fuse",
    "resolve_entities",
    "story_key",
    "story_quotes",
    "summarize",
    "summarize_texts",
    "units_compatible",
]
