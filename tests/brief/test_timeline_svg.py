"""The brief's timeline: a true time axis with the publication window (issue #13)."""

from __future__ import annotations

import datetime as dt
import re

from newsfuse.brief import make_brief, render_html, render_markdown
from newsfuse.brief.build import view
from newsfuse.brief.timelinesvg import timeline_svg
from newsfuse.model import Span, Story, TimelineEntry, new_article

ART = new_article("Troops retook Harrow. The siege began in 2027.", outlet="Harrow Gazette",
                  published=dt.date(2031, 12, 4))  # fmt: skip
SP = Span(ART.id, 0, 21)
ENTRIES = (
    TimelineEntry("2027", "year", "The siege began in 2027", (SP,), background=True),
    TimelineEntry("2031-11-20", "day", "Shelling stopped", (SP,)),
    TimelineEntry("2031-11-21", "day", "Talks opened", (SP,)),
    TimelineEntry("2031-11", "month", "A month of talks", (SP,)),
    TimelineEntry("2031-12-02", "day", "Troops retook Harrow", (SP,)),
)
WINDOW = (dt.date(2031, 12, 4), dt.date(2031, 12, 6))


def _xs(svg: str) -> list[tuple[str, float]]:
    return [(d, float(x)) for d, x in re.findall(r'data-date="([^"]+)" cx="([\d.]+)"', svg)]


def test_x_is_proportional_to_the_date() -> None:
    svg = timeline_svg([e for e in ENTRIES if not e.background], WINDOW)
    xs = dict(_xs(svg))
    per_day = xs["2031-11-21"] - xs["2031-11-20"]
    assert per_day > 0
    assert abs((xs["2031-12-02"] - xs["2031-11-20"]) - 12 * per_day) < 0.5
    ordered = sorted(_xs(svg))
    assert [x for _, x in ordered] == sorted(x for _, x in ordered)


def test_publication_window_is_marked_after_the_events() -> None:
    svg = timeline_svg([e for e in ENTRIES if not e.background], WINDOW)
    (x0,) = re.findall(r'class="window" x="([\d.]+)"', svg)
    assert float(x0) > max(x for _, x in _xs(svg))
    assert "published 4 Dec 2031" in svg


def test_labels_are_dates_as_people_write_them() -> None:
    svg = timeline_svg([e for e in ENTRIES if not e.background], WINDOW)
    labels = re.findall(r'class="event-label"[^>]*>([^<]+)<', svg)
    assert "2 Dec 2031" in labels
    assert not any(re.search(r"\d{4}-\d{2}", lab) for lab in labels)
    # neighbours a day apart do not print their labels on top of each other
    assert len(labels) < 4 or len(set(labels)) == len(labels)


def test_no_axis_without_dated_events() -> None:
    assert timeline_svg([], WINDOW) == ""


def test_brief_header_and_sections_use_story_days_not_background() -> None:
    story = Story("s1", "Troops retake Harrow", (ART.id,), timeline=ENTRIES,
                  first_published=WINDOW[0], last_published=WINDOW[1])  # fmt: skip
    brief = make_brief(story, [ART], generated="2031-12-07T00:00:00")
    assert view(brief).event_range() == "events from 20 Nov 2031 to 2 Dec 2031"
    md = render_markdown(brief)
    assert "### Background dates" in md and "| 2027 | The siege began in 2027" in md
    assert "| 2 Dec 2031 | Troops retook Harrow" in md and "2031-12-02" not in md
    html = render_html(brief)
    assert 'class="window"' in html and "Background dates mentioned" in html
    assert "events from 20 Nov 2031 to 2 Dec 2031" in html


def test_entries_on_one_day_share_one_marker_and_one_label() -> None:
    same = [
        TimelineEntry("2031-12-02", "day", "Troops retook Harrow", (SP,)),
        TimelineEntry("2031-12-02", "day", "Shops reopened in Harrow", (SP,)),
    ]
    svg = timeline_svg(same, WINDOW)
    assert len(_xs(svg)) == 1 and svg.count(">2 Dec 2031<") == 1
    assert "Troops retook Harrow | Shops reopened in Harrow" in svg


def test_header_spans_the_days_when_a_month_frames_them() -> None:
    entries = (
        TimelineEntry("2031-11", "month", "A month of talks", (SP,)),
        TimelineEntry("2031-12-02", "day", "Troops retook Harrow", (SP,)),
        TimelineEntry("2031-12-03", "day", "Shops reopened", (SP,)),
    )
    story = Story("s1", "Harrow", (ART.id,), timeline=entries)
    brief = make_brief(story, [ART], generated="2031-12-07T00:00:00")
    assert view(brief).event_range() == "events from 2 Dec 2031 to 3 Dec 2031"
