"""Full-text search, one function per backend: SQLite FTS5 and PostgreSQL tsvector."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..model import SearchHit

SNIPPET_WORDS = 16  # words of context FTS5 shows around a match


def _fts5_query(query: str) -> str:
    """Quote each word so that user input is never FTS5 syntax (no injection, no errors)."""
    words = re.findall(r"\w+", query)
    return " ".join(f'"{w}"' for w in words)


def index_sqlite(conn: Connection, article_id: str, title: str | None, body: str) -> None:
    """Add one article to the SQLite FTS table (inside the caller's transaction)."""
    conn.execute(
        text("INSERT INTO articles_fts (id, title, text) VALUES (:i, :t, :x)"),
        {"i": article_id, "t": title or "", "x": body},
    )


def index_quotes_sqlite(conn: Connection, article_id: str, quotes: list[tuple[str, str]]) -> None:
    """Replace the indexed quotes of one article in SQLite."""
    conn.execute(text("DELETE FROM quotes_fts WHERE article_id = :i"), {"i": article_id})
    for speaker, content in quotes:
        conn.execute(
            text("INSERT INTO quotes_fts (article_id, speaker, content) VALUES (:i, :s, :c)"),
            {"i": article_id, "s": speaker, "c": content},
        )


def search_sqlite(conn: Connection, query: str, limit: int, offset: int) -> list[SearchHit]:
    """Rank articles by bm25 over title+text, and articles whose quotes match."""
    q = _fts5_query(query)
    if not q:
        return []
    rows = conn.execute(
        text(
            "SELECT f.id, a.title, a.outlet, "
            f"snippet(articles_fts, 2, '[', ']', '…', {SNIPPET_WORDS}) AS snip, "
            "bm25(articles_fts) AS rank FROM articles_fts f JOIN articles a ON a.id = f.id "
            "WHERE articles_fts MATCH :q ORDER BY rank LIMIT :n"
        ),
        {"q": q, "n": limit + offset},
    ).all()
    quote_rows = conn.execute(
        text(
            "SELECT f.article_id, a.title, a.outlet, f.speaker, f.content, "
            "bm25(quotes_fts) AS rank FROM quotes_fts f JOIN articles a ON a.id = f.article_id "
            "WHERE quotes_fts MATCH :q ORDER BY rank LIMIT :n"
        ),
        {"q": q, "n": limit + offset},
    ).all()
    hits = [SearchHit(r[0], r[1], r[2], r[3], float(-r[4])) for r in rows]
    hits += [_quote_hit(r) for r in quote_rows]
    return _merge(hits, limit, offset)


def _quote_hit(row: Any) -> SearchHit:
    """A search hit for an article found through one of its quotes."""
    who = f"{row[3]}: " if row[3] else ""
    return SearchHit(row[0], row[1], row[2], f"{who}“{row[4][:160]}”", float(-row[5]))


def _merge(hits: list[SearchHit], limit: int, offset: int) -> list[SearchHit]:
    """One hit per article (the best one), best first."""
    best: dict[str, SearchHit] = {}
    for h in hits:
        if h.article_id not in best or h.rank > best[h.article_id].rank:
            best[h.article_id] = h
    ranked = sorted(best.values(), key=lambda h: -h.rank)
    return ranked[offset : offset + limit]


def index_quotes_postgres(conn: Connection, article_id: str, quotes: list[tuple[str, str]]) -> None:
    """Replace the quote rows of one article (PostgreSQL indexes them by expression)."""
    conn.execute(text("DELETE FROM quote_texts WHERE article_id = :i"), {"i": article_id})
    for speaker, content in quotes:
        conn.execute(
            text("INSERT INTO quote_texts (article_id, speaker, content) VALUES (:i, :s, :c)"),
            {"i": article_id, "s": speaker, "c": content},
        )


def search_postgres(conn: Connection, query: str, limit: int, offset: int) -> list[SearchHit]:
    """Rank with ts_rank over the same expressions the GIN indexes cover."""
    if not re.search(r"\w", query):
        return []
    doc = "to_tsvector('english', coalesce(title, '') || ' ' || text)"
    rows = conn.execute(
        text(
            f"SELECT id, title, outlet, ts_headline('english', text, q, "
            f"'StartSel=[, StopSel=], MaxWords={SNIPPET_WORDS * 2}, MinWords=8') AS snip, "
            f"ts_rank({doc}, q) AS rank FROM articles, websearch_to_tsquery('english', :q) q "
            f"WHERE {doc} @@ q ORDER BY rank DESC LIMIT :n"
        ),
        {"q": query, "n": limit + offset},
    ).all()
    quote_rows = conn.execute(
        text(
            "SELECT t.article_id, a.title, a.outlet, t.speaker, t.content, "
            "ts_rank(to_tsvector('english', t.content), q) AS rank "
            "FROM quote_texts t JOIN articles a ON a.id = t.article_id, "
            "websearch_to_tsquery('english', :q) q "
            "WHERE to_tsvector('english', t.content) @@ q ORDER BY rank DESC LIMIT :n"
        ),
        {"q": query, "n": limit + offset},
    ).all()
    hits = [SearchHit(r[0], r[1], r[2], r[3], float(r[4])) for r in rows]
    hits += [
        SearchHit(r[0], r[1], r[2], f"{r[3] + ': ' if r[3] else ''}“{r[4][:160]}”", float(r[5]))
        for r in quote_rows
    ]
    return _merge(hits, limit, offset)
