"""brief: a Story into Markdown, self-contained HTML, or JSON.

>>> from newsfuse.model import Story
>>> b = make_brief(Story("s1", "Floods in the valley", ()), [], generated="2024-01-01T00:00:00")
>>> render_markdown(b).splitlines()[0]
'## Floods in the valley'
"""

from .build import make_brief, source_labels, view
from .html import render_html
from .jsonout import brief_dict, render_json
from .markdown import render_markdown

__all__ = [
    "brief_dict",
    "make_brief",
    "render_html",
    "render_json",
    "render_markdown",
    "source_labels",
    "view",
]
