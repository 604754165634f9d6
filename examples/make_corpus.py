"""Render the example articles (gold/<cluster>/<doc>.txt) in mixed formats for the demo.

    .venv/bin/python examples/make_corpus.py      # rewrites examples/corpus/

This is what ``newsfuse ingest examples/corpus`` (and the README's first command) reads.
Each article's body is its ``.txt`` verbatim: HTML and feed paragraphs are the ``.txt``
paragraphs, the plain-text files and the JSONL ``text`` field are the ``.txt`` itself.
Around it sits the furniture a real page or feed carries (navigation, share buttons,
"Read more:" links, footers) for ingest to remove. Metadata (outlet, url, published,
title) comes from ``cluster.json``; authors from ``AUTHORS`` below. Deterministic: no
clocks, no randomness; run it after editing a ``.txt`` and commit the result.
"""

from __future__ import annotations

import datetime as dt
import json
from html import escape
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GOLD = HERE / "gold"
OUT = HERE / "corpus"

# (cluster id, doc id) -> (format, output file name). Formats: html, rss, txt, jsonl.
FORMATS: dict[tuple[str, str], tuple[str, str]] = {
    ("kivu-ceasefire-2024-05", "glo"): ("html", "great-lakes-observer-kivu-ceasefire.html"),
    ("kivu-ceasefire-2024-05", "kt"): ("html", "kivu-times-goma-camps.html"),
    ("sylhet-floods-2024-06", "dhl"): ("html", "dhaka-ledger-sylhet-floods.html"),
    ("nordhavn-elbe-merger-2024-09", "hbj"): ("html", "harbour-business-journal-nordhavn-ecg.html"),
    ("kivu-ceasefire-2024-05", "cw"): ("rss", "continental-wire-feed.xml"),
    ("nordhavn-elbe-merger-2024-09", "cw"): ("rss", "continental-wire-feed.xml"),
    ("kivu-ceasefire-2024-05", "dl"): ("txt", "daily-lakeside-north-kivu-truce.txt"),
    ("sylhet-floods-2024-06", "mp"): ("txt", "monsoon-post-flood-toll.txt"),
    ("sylhet-floods-2024-06", "arm"): ("jsonl", "relief-and-markets.jsonl"),
    ("nordhavn-elbe-merger-2024-09", "rmm"): ("jsonl", "relief-and-markets.jsonl"),
}

# Authors as the page/feed metadata gives them (the byline in the text, where there is one).
AUTHORS: dict[tuple[str, str], str] = {
    ("kivu-ceasefire-2024-05", "glo"): "Wanjiru Kamau",
    ("kivu-ceasefire-2024-05", "kt"): "Aline Mapendo",
    ("kivu-ceasefire-2024-05", "cw"): "Continental Wire staff",
    ("sylhet-floods-2024-06", "dhl"): "Rafiq Hossain",
    ("sylhet-floods-2024-06", "arm"): "Asia Relief Monitor desk",
    ("nordhavn-elbe-merger-2024-09", "hbj"): "Lena Marquardt",
    ("nordhavn-elbe-merger-2024-09", "cw"): "Continental Wire staff",
    ("nordhavn-elbe-merger-2024-09", "rmm"): "Stefan Roth",
}

FEED_TITLE = "Continental Wire"
FEED_LINK = "https://wire.example.com/"
PUBLISH_HOUR = "T06:30:00+00:00"  # a fixed time of day keeps the output deterministic


def load_docs() -> list[tuple[str, dict[str, Any], str]]:
    """All (cluster id, cluster.json doc entry, text) in cluster and document order."""
    out = []
    for folder in sorted(p for p in GOLD.iterdir() if p.is_dir()):
        meta = json.loads((folder / "cluster.json").read_text(encoding="utf-8"))
        for doc in meta["docs"]:
            text = (folder / f"{doc['id']}.txt").read_text(encoding="utf-8")
            out.append((folder.name, doc, text))
    return out


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs (blank-line separated), stripped."""
    return [p.strip() for p in text.strip().split("\n\n") if p.strip()]


def _p_html(text: str) -> str:
    return "\n".join(f"      <p>{escape(p, quote=False)}</p>" for p in paragraphs(text))


def render_html(doc: dict[str, Any], text: str, author: str, related: list[dict[str, Any]]) -> str:
    """A news page with its furniture around the article's paragraphs."""
    outlet = doc["outlet"]
    title = doc["title"]
    published = doc["published"] + PUBLISH_HOUR
    read_more = "\n".join(
        f'        <li><a href="{escape(r["url"])}">{escape(r["title"])}</a></li>' for r in related
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{escape(title)} | {escape(outlet)}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="author" content="{escape(author)}">
  <meta name="description" content="{escape(paragraphs(text)[-1][:140])}">
  <meta property="og:site_name" content="{escape(outlet)}">
  <meta property="og:type" content="article">
  <meta property="og:title" content="{escape(title)}">
  <meta property="og:url" content="{escape(doc["url"])}">
  <meta property="article:published_time" content="{published}">
  <link rel="canonical" href="{escape(doc["url"])}">
</head>
<body>
  <a class="skip" href="#main">Skip to main content</a>
  <header class="site-header">
    <div class="brand"><a href="/">{escape(outlet)}</a></div>
    <nav aria-label="Sections">
      <ul>
        <li><a href="/world/">World</a></li>
        <li><a href="/africa/">Africa</a></li>
        <li><a href="/asia/">Asia</a></li>
        <li><a href="/business/">Business</a></li>
        <li><a href="/opinion/">Opinion</a></li>
        <li><a href="/subscribe/">Subscribe</a></li>
      </ul>
    </nav>
  </header>
  <main id="main">
    <article>
      <h1>{escape(title)}</h1>
      <div class="meta"><time datetime="{published}">{doc["published"]}</time></div>
{_p_html(text)}
    </article>
    <div class="share">
      <span>Share this article:</span>
      <a href="https://social.example.com/share?u={escape(doc["url"])}">Share on Facebook</a>
      <a href="https://social.example.com/post?u={escape(doc["url"])}">Share on X</a>
      <a href="mailto:?subject={escape(title)}">Email</a>
    </div>
    <aside class="related">
      <h2>Read more:</h2>
      <ul>
{read_more}
      </ul>
    </aside>
  </main>
  <footer>
    <p>&copy; 2024 {escape(outlet)}. All rights reserved.</p>
    <p><a href="/privacy/">Privacy policy</a> | <a href="/terms/">Terms of use</a> | <a href="/contact/">Contact us</a></p>
  </footer>
</body>
</html>
"""


def _rfc822(date: str) -> str:
    day = dt.datetime.fromisoformat(date + PUBLISH_HOUR)
    return day.strftime("%a, %d %b %Y %H:%M:%S +0000")


def render_rss(items: list[tuple[dict[str, Any], str, str]]) -> str:
    """An RSS 2.0 feed whose items carry the full text in ``content:encoded``."""
    entries = []
    for doc, text, author in items:
        body = "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs(text))
        entries.append(f"""    <item>
      <title>{escape(doc["title"])}</title>
      <link>{escape(doc["url"])}</link>
      <guid isPermaLink="true">{escape(doc["url"])}</guid>
      <pubDate>{_rfc822(doc["published"])}</pubDate>
      <dc:creator>{escape(author)}</dc:creator>
      <description>{escape(paragraphs(text)[1][:200])}</description>
      <content:encoded><![CDATA[{body}]]></content:encoded>
    </item>""")
    latest = max(doc["published"] for doc, _, _ in items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>{FEED_TITLE}</title>
    <link>{FEED_LINK}</link>
    <description>Top stories from the {FEED_TITLE} desk</description>
    <language>en</language>
    <lastBuildDate>{_rfc822(latest)}</lastBuildDate>
{chr(10).join(entries)}
  </channel>
</rss>
"""


def render_jsonl_record(cluster: str, doc: dict[str, Any], text: str, author: str) -> str:
    """One JSONL line with the documented field names."""
    record = {
        "id": f"{cluster}/{doc['id']}",
        "title": doc["title"],
        "outlet": doc["outlet"],
        "url": doc["url"],
        "published": doc["published"],
        "author": author,
        "text": text,
    }
    return json.dumps(record, ensure_ascii=False)


def build() -> dict[str, str]:
    """Every corpus file name -> its content."""
    docs = load_docs()
    files: dict[str, list[str]] = {}
    rss_items: dict[str, list[tuple[dict[str, Any], str, str]]] = {}
    for cluster, doc, text in docs:
        key = (cluster, doc["id"])
        fmt, name = FORMATS[key]
        author = AUTHORS.get(key, "")
        if fmt == "html":
            related = [d for c, d, _ in docs if c == cluster and d["id"] != doc["id"]]
            files[name] = [render_html(doc, text, author, related)]
        elif fmt == "rss":
            rss_items.setdefault(name, []).append((doc, text, author))
        elif fmt == "txt":
            files[name] = [text]
        elif fmt == "jsonl":
            files.setdefault(name, []).append(
                render_jsonl_record(cluster, doc, text, author) + "\n"
            )
        else:
            raise ValueError(f"unknown format {fmt!r} for {cluster}/{doc['id']}")
    for name, items in rss_items.items():
        files[name] = [render_rss(items)]
    missing = set(FORMATS) - {(c, d["id"]) for c, d, _ in docs}
    if missing:
        raise ValueError(f"FORMATS names documents that do not exist: {sorted(missing)}")
    return {name: "".join(parts) for name, parts in files.items()}


def main() -> None:
    """Rewrite examples/corpus/ from the gold texts."""
    OUT.mkdir(exist_ok=True)
    built = build()
    for stale in OUT.iterdir():
        if stale.is_file() and stale.name not in built:
            stale.unlink()
    for name, content in sorted(built.items()):
        (OUT / name).write_text(content, encoding="utf-8")
        print(f"wrote {OUT.relative_to(HERE.parent) / name}")


if __name__ == "__main__":
    main()
