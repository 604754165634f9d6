"""Full-text search, one function per backend: SQLite FTS5 and PostgreSQL tsvector.

Both index an article's title and text, and, separately, the content of the quotes the
annotate stage found in it; a hit on a quote returns its article with the quote as the
snippet. Both combine the words of a query with AND and stem English words (FTS5's
``porter`` tokenizer, PostgreSQL's ``english`` configuration), so ``bridges`` finds
``bridge`` on either backend. User input never reaches the query language unquoted.

Near-duplicates (``articles.duplicate_of``) are folded: hits are grouped under their
original, which is shown (if it matched) with its matching copies listed in the hit.
Paging is exact: the best rank (or latest date) per group is computed in SQL, ordered,
and only the requested page gets snippets, made by the database's own snippet function
(FTS5 ``snippet()``, PostgreSQL ``ts_headline``) with :data:`MARK` around matched words;
:func:`marked` turns those into HTML or terminal markup after the caller escaped the text.

Limits: ranks are not comparable across backends (bm25 vs ts_rank); on PostgreSQL only
the first :data:`PG_INDEXED_CHARS` characters of an article are searchable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from markupsafe import Markup
from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from ..model import SearchHit

SNIPPET_WORDS = 16  # words of context around a match: one line in the CLI table
QUOTE_SNIPPET_WORDS = 30  # a quote hit shows this many words of the quote (most are shorter)
LEAD_CHARS = 100  # an untitled hit is named by this much of its text: about one line
# Private-use characters around matched words: never in real text (ingest text is Unicode
# from outlets), so callers can HTML-escape a snippet safely and then turn them into marks.
MARK = ("\ue000", "\ue001")
SORTS = ("rank", "date")  # search orders: relevance, or newest first
PG_INDEXED_CHARS = 200_000  # tsvector caps at 1 MB; must match migration 0003's index
_PG_DOC = f"to_tsvector('english', left(coalesce(title, '') || ' ' || text, {PG_INDEXED_CHARS}))"
_PG_QUOTE_DOC = "to_tsvector('english', content)"  # must match migration 0002's index


def clean(value: str | None) -> str:
    """Text as an index column can hold it: PostgreSQL text refuses NUL characters."""
    return (value or "").replace("\x00", "")


def _fts5_query(query: str) -> str:
    """Quote each word so that user input is never FTS5 syntax (no injection, no errors).

    >>> _fts5_query('bridge "AND" -x')
    '"bridge" "AND" "x"'
    """
    return " ".join(f'"{w}"' for w in re.findall(r"\w+", query))


def index_article_sqlite(conn: Connection, article_id: str, title: str | None, body: str) -> None:
    """Add one article to the SQLite FTS table (inside the caller's transaction)."""
    conn.execute(
        text("INSERT INTO articles_fts (id, title, text) VALUES (:i, :t, :x)"),
        {"i": article_id, "t": title or "", "x": body},
    )


def index_quotes(
    conn: Connection,
    backend: str,
    article_id: str,
    quotes: Sequence[tuple[str, str]],
    *,
    replace: bool = True,
) -> None:
    """Replace the indexed (speaker, content) quotes of one article, in the caller's
    transaction: an FTS5 table on SQLite, rows under a GIN expression index on PostgreSQL.
    ``replace=False`` (a first annotation) skips the delete, which on SQLite reads the
    whole FTS5 table (its ``article_id`` is not indexed)."""
    table = "quotes_fts" if backend == "sqlite" else "quote_texts"
    if replace:
        conn.execute(text(f"DELETE FROM {table} WHERE article_id = :i"), {"i": article_id})
    if quotes:
        conn.execute(
            text(f"INSERT INTO {table} (article_id, speaker, content) VALUES (:i, :s, :c)"),
            [{"i": article_id, "s": clean(s), "c": clean(c)} for s, c in quotes],
        )


def index_quotes_many(
    conn: Connection,
    backend: str,
    quotes: Mapping[str, Sequence[tuple[str, str]]],
    replace: Iterable[str] = (),
) -> None:
    """Index the quotes of several articles (article id -> quotes) at once, in the
    caller's transaction, first dropping those of the articles in ``replace`` (only
    those: ``article_id`` is not indexed in the FTS5 table, so a delete reads it whole)."""
    table = "quotes_fts" if backend == "sqlite" else "quote_texts"
    ids = sorted(quotes)
    gone = sorted(set(replace))
    for i in range(0, len(gone), 500):
        conn.execute(
            text(f"DELETE FROM {table} WHERE article_id IN :ids").bindparams(_expanding("ids")),
            {"ids": gone[i : i + 500]},
        )
    rows = [{"i": aid, "s": clean(s), "c": clean(c)} for aid in ids for s, c in quotes[aid]]
    if rows:
        conn.execute(
            text(f"INSERT INTO {table} (article_id, speaker, content) VALUES (:i, :s, :c)"), rows
        )


def _expanding(name: str) -> Any:
    """A bound list parameter for ``IN :name``."""
    return bindparam(name, expanding=True)


def search(
    conn: Connection,
    backend: str,
    query: str,
    limit: int,
    offset: int,
    *,
    sort: str = "rank",
    outlet: str | None = None,
) -> list[SearchHit]:
    """Matches of ``query`` in title, text or quotes: one hit per original article (its
    near-duplicates folded under it), best first or (``sort="date"``) newest first."""
    if sort not in SORTS:
        raise ValueError(f"Unknown sort {sort!r}: use one of {', '.join(SORTS)}.")
    found = _matches(backend, query)
    if found is None:
        return []
    matches, params = found
    where, params = _outlet_filter(outlet, params)
    order = "best DESC, root" if sort == "rank" else "latest DESC NULLS LAST, best DESC, root"
    page = conn.execute(
        text(f"SELECT root FROM ({_groups(matches, where)}) g ORDER BY {order} LIMIT :n OFFSET :o"),
        {**params, "n": limit, "o": offset},
    ).all()
    if not page:
        return []
    roots = [r[0] for r in page]
    members = conn.execute(
        text(
            f"SELECT {_ROOT}, m.article_id, m.rank FROM ({matches}) m "
            f"JOIN articles a ON a.id = m.article_id WHERE {_ROOT} IN :roots{where}"
        ).bindparams(_expanding("roots")),
        {**params, "roots": roots},
    ).all()
    ids = [r[1] for r in members]
    info = {r[0]: r for r in conn.execute(_ARTICLE_INFO, {"ids": ids}).all()}
    snippets = _snippets(conn, backend, query, ids)
    groups: dict[str, list[tuple[str, float]]] = {}
    for root, aid, rank in members:
        groups.setdefault(root, []).append((aid, float(rank)))
    return [_folded_hit(root, groups.get(root, []), info, snippets) for root in roots]


def count(conn: Connection, backend: str, query: str, *, outlet: str | None = None) -> int:
    """How many hits :func:`search` finds in all (near-duplicates folded), for page totals."""
    found = _matches(backend, query)
    if found is None:
        return 0
    matches, params = found
    where, params = _outlet_filter(outlet, params)
    sql = f"SELECT count(*) FROM ({_groups(matches, where)}) g"
    return int(conn.execute(text(sql), params).scalar_one())


def outlets(conn: Connection, backend: str, query: str) -> list[tuple[str | None, int]]:
    """Hits per outlet for ``query`` (near-duplicates folded), most first: search facets."""
    found = _matches(backend, query)
    if found is None:
        return []
    matches, params = found
    sql = (
        f"SELECT a.outlet, count(DISTINCT {_ROOT}) AS n FROM ({matches}) m "
        "JOIN articles a ON a.id = m.article_id GROUP BY a.outlet ORDER BY n DESC, a.outlet"
    )
    return [(r[0], int(r[1])) for r in conn.execute(text(sql), params).all()]


def marked(snippet: str, start: str, end: str) -> str:
    """A snippet with its match markers replaced (``start``/``end`` are inserted as is).

    >>> marked("the \\ue000bridge\\ue001 fell", "*", "*")
    'the *bridge* fell'
    """
    return snippet.replace(MARK[0], start).replace(MARK[1], end)


def split_marked(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as (text, matched) runs, for markup that must stay balanced (HTML
    ``<mark>``, terminal bold) whatever stray marker characters the text holds.

    >>> split_marked("the \ue000bridge\ue001 fell")
    [('the ', False), ('bridge', True), (' fell', False)]
    """
    parts = re.split(f"[{MARK[0]}{MARK[1]}]", snippet)
    return [(part, n % 2 == 1) for n, part in enumerate(parts) if part]


def snippet_html(snippet: str) -> Markup:
    """A search snippet as HTML: every run escaped, the matched words in ``<mark>``.

    >>> str(snippet_html("the \\ue000<b>\\ue001 fell"))
    'the <mark class="q">&lt;b&gt;</mark> fell'
    """
    return Markup("").join(
        Markup('<mark class="q">{}</mark>').format(t) if hit else Markup.escape(t)
        for t, hit in split_marked(snippet)
    )


def unmarked(snippet: str) -> str:
    """A snippet without match markers (plain text)."""
    return marked(snippet, "", "")


def lead(body: str, limit: int = LEAD_CHARS) -> str:
    """The first words of an article, cut at a word boundary, to name an untitled hit.

    >>> lead("Rain fell on the valley all night long.", 20)
    'Rain fell on the…'
    """
    flat = " ".join(body.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut.rstrip(" ,;:—-") + "…"


# The original a hit is folded under: itself, or the article it nearly duplicates.
_ROOT = "coalesce(a.duplicate_of, a.id)"

_ARTICLE_INFO = text(
    "SELECT a.id, a.title, a.outlet, a.published, substr(a.text, 1, :n), "
    "(SELECT min(s.story_id) FROM story_articles s WHERE s.article_id = a.id) "
    "FROM articles a WHERE a.id IN :ids"
).bindparams(_expanding("ids"), n=LEAD_CHARS * 3)


def _matches(backend: str, query: str) -> tuple[str, dict[str, Any]] | None:
    """SQL yielding (article_id, rank) once per matching article (its best rank, text or
    quote; higher is better), and its parameters; None when the query has no words."""
    if backend == "sqlite":
        q = _fts5_query(query)
        if not q:
            return None
        # bm25 is lower-is-better; negated so that rank is higher-is-better everywhere.
        sql = (
            "SELECT article_id, max(rank) AS rank FROM ("
            " SELECT id AS article_id, -bm25(articles_fts) AS rank FROM articles_fts"
            " WHERE articles_fts MATCH :q UNION ALL"
            " SELECT article_id, -bm25(quotes_fts) FROM quotes_fts WHERE quotes_fts MATCH :qq"
            ") hits GROUP BY article_id"
        )
        return sql, {"q": q, "qq": f"content : ({q})"}
    if not re.search(r"\w", query):
        return None
    sql = (
        "SELECT article_id, max(rank) AS rank FROM ("
        f" SELECT id AS article_id, ts_rank({_PG_DOC}, q) AS rank"
        f" FROM articles, websearch_to_tsquery('english', :q) q WHERE {_PG_DOC} @@ q"
        " UNION ALL"
        f" SELECT article_id, ts_rank({_PG_QUOTE_DOC}, q) FROM quote_texts,"
        f" websearch_to_tsquery('english', :q) q WHERE {_PG_QUOTE_DOC} @@ q"
        ") hits GROUP BY article_id"
    )
    return sql, {"q": query}


def _outlet_filter(outlet: str | None, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """An extra WHERE condition (on ``a``) keeping one outlet's articles, with its value."""
    if outlet is None:
        return "", params
    return " AND coalesce(a.outlet, '') = :outlet", {**params, "outlet": outlet}


def _groups(matches: str, where: str) -> str:
    """One row per original: (root, best rank, latest publication date) of its matches."""
    return (
        f"SELECT {_ROOT} AS root, max(m.rank) AS best, max(a.published) AS latest "
        f"FROM ({matches}) m JOIN articles a ON a.id = m.article_id WHERE 1 = 1{where} "
        f"GROUP BY {_ROOT}"
    )


def _snippets(
    conn: Connection, backend: str, query: str, ids: list[str]
) -> dict[str, tuple[str, float]]:
    """The best snippet (marked with :data:`MARK`) and its rank for each article in ``ids``,
    from its text or one of its quotes."""
    marks = {"m0": MARK[0], "m1": MARK[1]}
    if backend == "sqlite":
        q = _fts5_query(query)
        params = {"q": q, "qq": f"content : ({q})", "ids": ids, **marks}
        text_sql = (
            "SELECT id, snippet(articles_fts, 2, :m0, :m1, '…', :w), -bm25(articles_fts) "
            "FROM articles_fts WHERE articles_fts MATCH :q AND id IN :ids"
        )
        quote_sql = (
            "SELECT article_id, speaker, snippet(quotes_fts, 2, :m0, :m1, '…', :qw), "
            "-bm25(quotes_fts) FROM quotes_fts WHERE quotes_fts MATCH :qq AND article_id IN :ids"
        )
        text_params = {**params, "w": SNIPPET_WORDS}
        quote_params = {**params, "qw": QUOTE_SNIPPET_WORDS}
    else:
        opts = f"StartSel={MARK[0]}, StopSel={MARK[1]}, FragmentDelimiter=…"
        text_sql = (
            f"SELECT id, ts_headline('english', left(text, {PG_INDEXED_CHARS}), q, :o), "
            f"ts_rank({_PG_DOC}, q) FROM articles, websearch_to_tsquery('english', :q) q "
            f"WHERE {_PG_DOC} @@ q AND id IN :ids"
        )
        quote_sql = (
            "SELECT article_id, speaker, ts_headline('english', content, q, :qo), "
            f"ts_rank({_PG_QUOTE_DOC}, q) FROM quote_texts, "
            f"websearch_to_tsquery('english', :q) q WHERE {_PG_QUOTE_DOC} @@ q "
            "AND article_id IN :ids"
        )
        base = {"q": query, "ids": ids}
        text_params = {**base, "o": f"{opts}, MaxWords={SNIPPET_WORDS * 2}, MinWords=8"}
        quote_params = {**base, "qo": f"{opts}, MaxWords={QUOTE_SNIPPET_WORDS}, MinWords=8"}
    best: dict[str, tuple[str, float]] = {}
    rows = [(r[0], r[1], float(r[2])) for r in _run(conn, text_sql, text_params)]
    for aid, speaker, snip, rank in _run(conn, quote_sql, quote_params):
        who = f"{speaker}: " if speaker else ""
        rows.append((aid, f"{who}“{snip}”", float(rank)))
    for aid, snip, rank in rows:
        if aid not in best or rank > best[aid][1]:
            best[aid] = (snip, rank)
    return best


def _run(conn: Connection, sql: str, params: dict[str, Any]) -> Sequence[Any]:
    """Rows of ``sql`` whose ``:ids`` parameter is a list."""
    return conn.execute(text(sql).bindparams(_expanding("ids")), params).all()


def _folded_hit(
    root: str,
    members: list[tuple[str, float]],
    info: dict[str, Any],
    snippets: dict[str, tuple[str, float]],
) -> SearchHit:
    """The hit of one original: itself if it matched (else its best-ranked copy), with the
    other matching copies listed as folded near-duplicates."""
    ranked = sorted(members, key=lambda m: (-m[1], m[0]))
    ids = [m[0] for m in ranked]
    shown = root if root in ids else ids[0]
    row = info[shown]
    snippet, _ = snippets.get(shown, ("", 0.0))
    others = [i for i in ids if i != shown]
    return SearchHit(
        article_id=shown,
        title=row[1],
        outlet=row[2],
        snippet=snippet,
        rank=max(m[1] for m in ranked),
        published=None if row[3] is None else str(row[3]),
        lead=lead(row[4] or ""),
        story_id=row[5],
        duplicates=tuple(others),
        duplicate_outlets=tuple(info[i][2] or "" for i in others),
    )


__all__ = [
    "MARK",
    "PG_INDEXED_CHARS",
    "SORTS",
    "clean",
    "count",
    "index_article_sqlite",
    "index_quotes",
    "index_quotes_many",
    "lead",
    "marked",
    "outlets",
    "search",
    "snippet_html",
    "split_marked",
    "unmarked",
]
