"""Full-text search, one function per backend: SQLite FTS5 and PostgreSQL tsvector.

Both index an article's title and text, and, separately, the content of the quotes the
annotate stage found in it; a hit on a quote returns its article with the quote as the
snippet. Both combine the words of a query with AND and stem English words (FTS5's
``porter`` tokenizer, PostgreSQL's ``english`` configuration), so ``bridges`` finds
``bridge`` on either backend. User input never reaches the query language unquoted.

Paging is exact: the best rank per article (text or quote) is computed in SQL, ordered
by rank then id, and only the requested page gets snippets.

Limits: ranks are not comparable across backends (bm25 vs ts_rank); on PostgreSQL only
the first :data:`PG_INDEXED_CHARS` characters of an article are searchable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from ..model import SearchHit

SNIPPET_WORDS = 16  # words of context around a match: one line in the CLI table
QUOTE_SNIPPET_CHARS = 160  # a quote hit shows this much of the quote
MARK = ("[", "]")  # how a snippet marks the matched words (the CLI and web app restyle it)
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
    conn: Connection, backend: str, article_id: str, quotes: Sequence[tuple[str, str]]
) -> None:
    """Replace the indexed (speaker, content) quotes of one article, in the caller's
    transaction: an FTS5 table on SQLite, rows under a GIN expression index on PostgreSQL."""
    table = "quotes_fts" if backend == "sqlite" else "quote_texts"
    conn.execute(text(f"DELETE FROM {table} WHERE article_id = :i"), {"i": article_id})
    if quotes:
        conn.execute(
            text(f"INSERT INTO {table} (article_id, speaker, content) VALUES (:i, :s, :c)"),
            [{"i": article_id, "s": clean(s), "c": clean(c)} for s, c in quotes],
        )


def search(conn: Connection, backend: str, query: str, limit: int, offset: int) -> list[SearchHit]:
    """Articles matching ``query`` in title, text or quotes; one hit per article, best first."""
    if backend == "sqlite":
        return _search_sqlite(conn, query, limit, offset)
    return _search_postgres(conn, query, limit, offset)


def count(conn: Connection, backend: str, query: str) -> int:
    """How many articles match ``query`` (in title, text or quotes), for page totals."""
    if backend == "sqlite":
        q = _fts5_query(query)
        if not q:
            return 0
        sql = (
            "SELECT count(*) FROM (SELECT id FROM articles_fts WHERE articles_fts MATCH :q"
            " UNION SELECT article_id FROM quotes_fts WHERE quotes_fts MATCH :qq)"
        )
        return int(conn.execute(text(sql), {"q": q, "qq": f"content : ({q})"}).scalar_one())
    if not re.search(r"\w", query):
        return 0
    sql = (
        "SELECT count(*) FROM ("
        f" SELECT id FROM articles, websearch_to_tsquery('english', :q) q WHERE {_PG_DOC} @@ q"
        f" UNION SELECT article_id FROM quote_texts, websearch_to_tsquery('english', :q) q"
        f" WHERE {_PG_QUOTE_DOC} @@ q) hits"
    )
    return int(conn.execute(text(sql), {"q": query}).scalar_one())


def _search_sqlite(conn: Connection, query: str, limit: int, offset: int) -> list[SearchHit]:
    """bm25 over title+text and over quote contents; snippets for the page only."""
    q = _fts5_query(query)
    if not q:
        return []
    params = {"q": q, "qq": f"content : ({q})", "n": limit, "o": offset}
    # bm25 is lower-is-better; negate so that SearchHit.rank is higher-is-better everywhere.
    page = conn.execute(
        text(
            "SELECT article_id, max(rank) AS best FROM ("
            " SELECT id AS article_id, -bm25(articles_fts) AS rank FROM articles_fts"
            " WHERE articles_fts MATCH :q UNION ALL"
            " SELECT article_id, -bm25(quotes_fts) FROM quotes_fts WHERE quotes_fts MATCH :qq"
            ") GROUP BY article_id ORDER BY best DESC, article_id LIMIT :n OFFSET :o"
        ),
        params,
    ).all()
    if not page:
        return []
    ids = {"ids": [r[0] for r in page]}
    in_page = "IN :ids"
    text_rows = conn.execute(
        text(
            "SELECT f.id, a.title, a.outlet, "
            f"snippet(articles_fts, -1, '{MARK[0]}', '{MARK[1]}', '…', {SNIPPET_WORDS}), "
            "-bm25(articles_fts) FROM articles_fts f JOIN articles a ON a.id = f.id "
            f"WHERE articles_fts MATCH :q AND f.id {in_page}"
        ).bindparams(_expanding("ids")),
        {**params, **ids},
    ).all()
    quote_rows = conn.execute(
        text(
            "SELECT f.article_id, a.title, a.outlet, f.speaker, f.content, -bm25(quotes_fts) "
            "FROM quotes_fts f JOIN articles a ON a.id = f.article_id "
            f"WHERE quotes_fts MATCH :qq AND f.article_id {in_page}"
        ).bindparams(_expanding("ids")),
        {**params, **ids},
    ).all()
    return _page_hits(page, text_rows, quote_rows)


def _search_postgres(conn: Connection, query: str, limit: int, offset: int) -> list[SearchHit]:
    """ts_rank over the same expressions the GIN indexes cover; ts_headline snippets."""
    if not re.search(r"\w", query):
        return []
    params = {"q": query, "n": limit, "o": offset}
    page = conn.execute(
        text(
            "SELECT article_id, max(rank) AS best FROM ("
            f" SELECT id AS article_id, ts_rank({_PG_DOC}, q) AS rank"
            f" FROM articles, websearch_to_tsquery('english', :q) q WHERE {_PG_DOC} @@ q"
            " UNION ALL"
            f" SELECT article_id, ts_rank({_PG_QUOTE_DOC}, q) FROM quote_texts,"
            f" websearch_to_tsquery('english', :q) q WHERE {_PG_QUOTE_DOC} @@ q"
            ") hits GROUP BY article_id ORDER BY best DESC, article_id LIMIT :n OFFSET :o"
        ),
        params,
    ).all()
    if not page:
        return []
    ids = {"ids": [r[0] for r in page]}
    text_rows = conn.execute(
        text(
            "SELECT id, title, outlet, "
            f"ts_headline('english', left(text, {PG_INDEXED_CHARS}), q, "
            f"'StartSel={MARK[0]}, StopSel={MARK[1]}, MaxWords={SNIPPET_WORDS * 2}, MinWords=8'), "
            f"ts_rank({_PG_DOC}, q) FROM articles, websearch_to_tsquery('english', :q) q "
            f"WHERE {_PG_DOC} @@ q AND id IN :ids"
        ).bindparams(_expanding("ids")),
        {**params, **ids},
    ).all()
    quote_rows = conn.execute(
        text(
            "SELECT t.article_id, a.title, a.outlet, t.speaker, t.content, "
            f"ts_rank({_PG_QUOTE_DOC}, q) "
            "FROM quote_texts t JOIN articles a ON a.id = t.article_id, "
            "websearch_to_tsquery('english', :q) q "
            f"WHERE {_PG_QUOTE_DOC} @@ q AND t.article_id IN :ids"
        ).bindparams(_expanding("ids")),
        {**params, **ids},
    ).all()
    return _page_hits(page, text_rows, quote_rows)


def _expanding(name: str) -> Any:
    """A bound list parameter for ``IN :name``."""
    return bindparam(name, expanding=True)


def _page_hits(
    page: Sequence[Any], text_rows: Sequence[Any], quote_rows: Sequence[Any]
) -> list[SearchHit]:
    """One hit per article of the page, in page order, from its best-ranked match."""
    best: dict[str, SearchHit] = {}
    candidates = [SearchHit(r[0], r[1], r[2], r[3], float(r[4])) for r in text_rows]
    candidates += [_quote_hit(r[0], r[1], r[2], r[3], r[4], float(r[5])) for r in quote_rows]
    for h in candidates:
        if h.article_id not in best or h.rank > best[h.article_id].rank:
            best[h.article_id] = h
    return [best[r[0]] for r in page if r[0] in best]


def _quote_hit(
    article_id: str, title: Any, outlet: Any, speaker: str, content: str, rank: float
) -> SearchHit:
    """A search hit for an article found through one of its quotes."""
    who = f"{speaker}: " if speaker else ""
    return SearchHit(article_id, title, outlet, f"{who}“{content[:QUOTE_SNIPPET_CHARS]}”", rank)


__all__ = [
    "PG_INDEXED_CHARS",
    "clean",
    "count",
    "index_article_sqlite",
    "index_quotes",
    "search",
]
