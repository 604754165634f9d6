"""The story's timeline as an inline SVG on a true time axis.

x is proportional to the date: an event on a day is a dot in the middle of that day, one that covers
a stretch (a week, a month, a season) a bar over it. The publication window (first to
last article) is a shaded band, so a reader sees at once what happened before the
reports and what they report as it happens. Labels are dates as people write them; a
label that would overlap its neighbour on the same row is left out (the date stays in
the dot's tooltip and in the table under the chart).

Only the story's own events are drawn; background dates (years mentioned in passing)
would stretch the axis over years and crowd the days that matter, so they are listed
under the chart instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from ..fuse.dates_display import date_interval, human_date
from ..model import TimelineEntry

WIDTH, HEIGHT = 960, 96
MARGIN = 48  # room for the first and last labels
AXIS_Y = 44
CHAR_PX = 6.2  # average width of a 10 px system-ui character, to keep labels apart
LABEL_ROWS = (AXIS_Y - 14, AXIS_Y + 24)  # above and below the axis


def _x(day: dt.date, lo: dt.date, hi: dt.date, shift: float = 0.0) -> float:
    """x of the start of ``day`` (plus ``shift`` days) on an axis from ``lo`` to ``hi``."""
    span = max((hi - lo).days + 1, 1)
    return MARGIN + (WIDTH - 2 * MARGIN) * ((day - lo).days + shift) / span


def timeline_svg(entries: Sequence[TimelineEntry], window: tuple[dt.date, dt.date] | None) -> str:
    """The SVG of the story's events, or '' when none can be placed on an axis.

    One marker per distinct date (its size grows with the number of entries on it, its
    tooltip lists them); a day sits at the middle of its day, a longer stretch is a bar
    with its marker at the middle.

    Args:
        entries: the story's own timeline entries (not background), in date order.
        window: first and last publication date, shaded when given.
    """
    groups: dict[tuple[dt.date, dt.date], list[TimelineEntry]] = {}
    for t in entries:
        if iv := date_interval(t.date):
            groups.setdefault(iv, []).append(t)
    if not groups:
        return ""
    days = [d for iv in groups for d in iv] + (list(window) if window else [])
    lo, hi = min(days), max(days)
    parts = []
    if window:
        x0, x1 = _x(window[0], lo, hi), _x(window[1], lo, hi, 1.0)
        when = f"{human_date(window[0].isoformat())} – {human_date(window[1].isoformat())}"
        if window[0] == window[1]:
            when = human_date(window[0].isoformat())
        anchor, tx = ("start", x0) if x0 < WIDTH / 2 else ("end", x1)
        parts.append(
            f'<rect class="window" x="{x0:.1f}" y="{AXIS_Y - 12}" width="{x1 - x0:.1f}" '
            f'height="24"><title>published {escape(when)}</title></rect>'
            f'<text class="window-label" x="{tx:.1f}" y="{HEIGHT - 4}" '
            f'text-anchor="{anchor}">published {escape(when)}</text>'
        )
    parts.append(
        f'<line class="axis" x1="{MARGIN}" y1="{AXIS_Y}" x2="{WIDTH - MARGIN}" y2="{AXIS_Y}"/>'
    )
    right_edge = [-1e9, -1e9]  # per label row, where the last label ends
    for n, ((a, b), group) in enumerate(sorted(groups.items(), key=lambda kv: kv[0][0])):
        label = human_date(group[0].date)
        xa, xb = _x(a, lo, hi), _x(b, lo, hi, 1.0)
        x = (xa + xb) / 2
        tip = escape(label) + ": " + " | ".join(escape(t.text[:120]) for t in group)
        if b > a:
            parts.append(
                f'<rect class="stretch" x="{xa:.1f}" y="{AXIS_Y - 3}" '
                f'width="{max(xb - xa, 2):.1f}" height="6"><title>{tip}</title></rect>'
            )
        r = min(5 + 1.5 * (len(group) - 1), 9)
        parts.append(
            f'<circle class="event" data-date="{escape(a.isoformat())}" cx="{x:.1f}" '
            f'cy="{AXIS_Y}" r="{r:.1f}"><title>{tip}</title></circle>'
        )
        half = len(label) * CHAR_PX / 2
        row = n % 2
        if x - half < right_edge[row] + 4:
            row = 1 - row
        if x - half >= right_edge[row] + 4:
            right_edge[row] = x + half
            parts.append(
                f'<text class="event-label" x="{x:.1f}" y="{LABEL_ROWS[row]}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    return (
        f'<svg class="timeline-svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="Timeline of the story on a time axis, publication window shaded" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )


__all__ = ["timeline_svg"]
