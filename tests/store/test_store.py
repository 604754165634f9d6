"""The store keeps whole records and finds them again, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from newsfuse.errors import NotFound, StoreError
from newsfuse.model import (
    AnnotatedArticle,
    Article,
    Claim,
    ClaimValue,
    Entity,
    Failure,
    Figure,
    Mention,
    Quote,
    Region,
    Span,
    Story,
    StoryEntity,
    new_article,
)
from newsfuse.store import Store, open_store
from newsfuse.store.engine import head
from newsfuse.store.search import marked, unmarked


def _article(text: str, published: str | None = "2022-05-01", **meta: Any) -> Article:
    day = dt.date.fromisoformat(published) if published else None
    return new_article(text, published=day, **{"outlet": "Harbor Post", **meta})


def test_add_is_idempotent_by_content_hash(store: Store) -> None:
    a = _article("Three ferries resumed service on the northern route on Monday.")
    respaced = _article("Three ferries resumed  service\non the northern route on Monday.")
    assert store.add_article(a) is True
    assert store.add_article(a) is False
    assert store.add_article(respaced) is False  # same normalized text, same hash
    assert store.count_articles() == 1
    assert store.has_hash(a.content_hash)
    assert not store.has_hash("0" * 64)


def test_article_round_trips_with_metadata_and_minhash(store: Store) -> None:
    a = _article(
        "BEIRUT — Talks resumed.\nPhoto: the port at dusk (A. Writer/Agency)",
        title="Talks resume",
        url="https://example.org/talks",
        byline=("Lina Haddad",),
        dateline="BEIRUT",
        captions=("the port at dusk",),
        language="en",
        regions=(Region("dateline", 0, 6), Region("caption", 24, 66)),
        flags=("near-duplicate",),
        duplicate_of="abc123abc123abcd",
    )
    assert store.add_article(a, b"\x00\x01\xff")
    assert store.get_article(a.id) == a
    assert list(store.minhashes()) == [(a.id, b"\x00\x01\xff")]


@pytest.mark.parametrize("length", [6, 8, 15])
def test_get_article_accepts_a_unique_prefix(store: Store, length: int) -> None:
    a = _article("Harvest festival drew record crowds to the old town square.")
    store.add_article(a)
    assert store.get_article(a.id[:length]) == a


@pytest.mark.parametrize(
    "ident, message",
    [
        ("deadbeefdeadbeef", r"No article 'deadbeefdeadbeef' in "),
        ("dead", r"No article 'dead' in .*prefixes need 6\+ characters"),
        ("", r"No article '' in "),
        ("%%%%%%%", r"No article '%%%%%%%'"),  # LIKE wildcards are not wildcards
        ("______", r"No article '______'"),
    ],
)
def test_missing_article_is_not_found_naming_the_id(store: Store, ident: str, message: str) -> None:
    store.add_article(_article("A short note about the weather in the hills."))
    with pytest.raises(NotFound, match=message):
        store.get_article(ident)


def test_too_short_prefix_is_not_found_even_when_it_matches(store: Store) -> None:
    a = _article("Fishermen returned early as the storm closed in.")
    store.add_article(a)
    with pytest.raises(NotFound, match="prefixes need 6"):
        store.get_article(a.id[:5])


def test_list_articles_newest_first_undated_last_with_filters(store: Store) -> None:
    old = _article("Council approved the budget in a late vote.", "2021-01-05")
    new = _article("Council budget faces a court challenge.", "2023-07-09", outlet="Valley News")
    undated = _article("An undated note about council budgets.", None)
    for a in (old, undated, new):
        store.add_article(a)
    assert [a.id for a in store.list_articles()] == [new.id, old.id, undated.id]
    assert [a.id for a in store.list_articles(limit=1, offset=1)] == [old.id]
    assert [a.id for a in store.list_articles(outlet="Valley News")] == [new.id]
    assert store.list_articles(outlet="Nobody") == []
    assert [a.id for a in store.iter_articles()] == [undated.id, old.id, new.id]


def test_iter_articles_pages_through_more_than_one_page(store: Store) -> None:
    arts = [_article(f"Bulletin {i}: the river level held steady.", None) for i in range(7)]
    arts += [_article(f"Bulletin {i}: the river rose.", f"2022-01-0{1 + i % 3}") for i in range(7)]
    for a in arts:
        store.add_article(a)
    import newsfuse.store as store_module

    page, store_module.PAGE = store_module.PAGE, 3
    try:
        got = [a.id for a in store.iter_articles()]
        chosen = [a.id for a in store.iter_articles([arts[0].id, arts[9].id, "nosuch", arts[0].id])]
    finally:
        store_module.PAGE = page
    want = sorted(arts, key=lambda a: (a.published or dt.date(1, 1, 1), a.id))
    assert got == [a.id for a in want]
    assert sorted(chosen) == sorted([arts[0].id, arts[9].id])


def test_annotations_replace_and_unannotated_follows_the_pipeline(store: Store) -> None:
    a = _article("The minister said the port would reopen within two weeks.")
    b = _article("Flooding closed 14 roads in the valley, officials said.")
    store.add_article(a)
    store.add_article(b)
    first = AnnotatedArticle(a, pipeline=("entities.v1",))
    ann = AnnotatedArticle(
        a,
        entities=(Entity("p1", "person", "Ana Ruiz", (Mention("Ana Ruiz", Span(a.id, 0, 8)),)),),
        figures=(Figure(2.0, "weeks", "exact", "two weeks", Span(a.id, 43, 52)),),
        pipeline=("entities.v1", "figures.v1"),
    )
    store.save_annotations(first)
    assert [x.id for x in store.unannotated(("entities.v1",))] == [b.id]
    store.save_annotations(ann)
    assert store.get_annotations(a.id) == ann
    assert store.get_annotations(b.id) is None
    assert {x.id for x in store.unannotated(("entities.v1",))} == {a.id, b.id}
    assert [x.id for x in store.unannotated(("entities.v1", "figures.v1"))] == [b.id]
    assert store.info()["annotated"] == 1


def test_unannotated_can_be_consumed_while_saving(store: Store) -> None:
    arts = [_article(f"Market report {i}: prices eased.") for i in range(5)]
    for a in arts:
        store.add_article(a)
    for a in store.unannotated(("p.v1",)):
        store.save_annotations(AnnotatedArticle(a, pipeline=("p.v1",)))
    assert list(store.unannotated(("p.v1",))) == []


def test_annotations_for_an_unknown_article_are_not_found(store: Store) -> None:
    ghost = _article("Nobody stored this one.")
    with pytest.raises(NotFound, match=ghost.id):
        store.save_annotations(AnnotatedArticle(ghost))


def test_search_finds_text_with_a_marked_snippet(store: Store) -> None:
    a = _article(
        "Engineers inspected the damaged viaduct near the river crossing on Friday.",
        title="Viaduct closed",
    )
    b = _article("Residents gathered in the square to hear the mayor.", title="Square")
    store.add_article(a)
    store.add_article(b)
    hits = store.search("viaduct")
    assert [h.article_id for h in hits] == [a.id]
    assert hits[0].title == "Viaduct closed"
    assert hits[0].outlet == "Harbor Post"
    assert "\ue000viaduct\ue001" in hits[0].snippet.lower()  # search.MARK around the match
    assert hits[0].published == "2022-05-01" and hits[0].story_id is None
    assert [h.article_id for h in store.search("inspecting viaducts")] == [a.id]  # stemmed
    assert store.search("viaduct mayor") == []  # all words must match


@pytest.mark.parametrize("query", ['"; DROP TABLE articles; --', "", "   ", "*", "NEAR(", "'"])
def test_search_treats_any_input_as_words(store: Store, query: str) -> None:
    store.add_article(_article("The articles table survives hostile queries."))
    assert store.search(query) == []
    assert store.count_articles() == 1


def test_search_finds_an_article_through_its_quote(store: Store) -> None:
    b = _article("Residents gathered in the square on Sunday.", title="Square")
    store.add_article(b)
    quote = Quote("we will rebuild the harbour together", Span(b.id, 0, 5), "Ana Ruiz")
    store.save_annotations(AnnotatedArticle(b, quotes=(quote,)))
    hits = store.search("rebuild harbour")
    assert [h.article_id for h in hits] == [b.id]
    assert unmarked(hits[0].snippet) == "Ana Ruiz: “we will rebuild the harbour together”"
    assert (
        marked(hits[0].snippet, "<", ">") == "Ana Ruiz: “we will <rebuild> the <harbour> together”"
    )
    store.save_annotations(AnnotatedArticle(b))  # replacing the annotations drops the quote
    assert store.search("rebuild") == []


def test_search_pages_with_one_hit_per_article(store: Store) -> None:
    arts = [_article(f"Lighthouse keeper log {i}: the lighthouse lamp was lit.") for i in range(5)]
    for a in arts:
        store.add_article(a)
        store.save_annotations(
            AnnotatedArticle(a, quotes=(Quote("the lighthouse stands", Span(a.id, 0, 4)),))
        )
    every = store.search("lighthouse", limit=10)
    assert sorted(h.article_id for h in every) == sorted(a.id for a in arts)
    paged = store.search("lighthouse", limit=2) + store.search("lighthouse", limit=3, offset=2)
    assert [h.article_id for h in paged] == [h.article_id for h in every]
    # the total counts articles once, whether found in the text, a quote or both
    assert store.search_count("lighthouse") == 5
    assert store.search_count("stands") == 5  # only in the quotes
    assert store.search_count("nothing-like-this") == 0 and store.search_count("!!") == 0


def test_search_folds_near_duplicates_under_their_original(store: Store) -> None:
    text = "The ferry Morning Gull ran aground on a sandbar off Kestrel Point on Friday."
    original = _article(text, title="Ferry aground", outlet="Harbor Post")
    copy = replace(
        _article(text + " Nobody was hurt.", outlet="Coast Wire"), duplicate_of=original.id
    )
    other = _article("A second ferry, the Evening Tern, kept to its sandbar-free route.")
    for a in (original, copy, other):
        store.add_article(a)
    hits = store.search("ferry sandbar")
    assert [h.article_id for h in hits] == [original.id, other.id]
    assert hits[0].duplicates == (copy.id,) and hits[0].duplicate_outlets == ("Coast Wire",)
    assert store.search_count("ferry sandbar") == 2
    # a copy that matches alone is shown itself, not hidden behind an original that did not
    assert [h.article_id for h in store.search("nobody hurt")] == [copy.id]
    assert dict(store.search_outlets("ferry")) == {"Harbor Post": 2, "Coast Wire": 1}


def test_search_sorts_by_date_and_filters_by_outlet(store: Store) -> None:
    old = _article("Flood barrier tested at dawn; the barrier held.", "2021-03-01")
    new = _article("Flood barrier opened.", "2023-09-09", outlet="Valley News")
    undated = _article("Flood barrier plans drawn.", None)
    for a in (old, undated, new):
        store.add_article(a)
    by_date = store.search("flood barrier", sort="date")
    assert [h.article_id for h in by_date] == [new.id, old.id, undated.id]
    assert [h.published for h in by_date] == ["2023-09-09", "2021-03-01", None]
    assert [
        h.article_id for h in store.search("flood barrier", sort="date", limit=1, offset=1)
    ] == [old.id]
    assert [h.article_id for h in store.search("barrier", outlet="Valley News")] == [new.id]
    assert store.search_count("barrier", outlet="Valley News") == 1
    with pytest.raises(ValueError, match="sort"):
        store.search("barrier", sort="size")


def test_search_hit_names_an_untitled_article_by_its_lead_and_links_its_story(
    store: Store,
) -> None:
    a = _article(
        "Volunteers counted four hundred and twelve nesting terns on the salt marsh islands "
        "this spring, wardens said, the most since records began."
    )
    store.add_article(a)
    store.save_story(_story("s000000000009", (a.id,), "2022-05-01"))
    (hit,) = store.search("terns")
    assert hit.title is None
    assert hit.lead.startswith("Volunteers counted four hundred") and hit.lead.endswith("…")
    assert len(hit.lead) <= 101
    assert hit.story_id == "s000000000009"


def _story(sid: str, ids: tuple[str, ...], last: str | None, title: str = "Storm") -> Story:
    return Story(sid, title, ids, last_published=dt.date.fromisoformat(last) if last else None)


def test_stories_upsert_list_and_membership(store: Store) -> None:
    arts = [_article(f"Storm report number {i} from the coast.") for i in range(4)]
    for a in arts:
        store.add_article(a)
    s1 = _story("s000000000001", (arts[0].id, arts[1].id), "2022-05-01")
    s1b = _story("s000000000001", (arts[0].id,), "2022-05-02", "Storm hits coast")
    s2 = _story("s000000000002", (arts[2].id,), "2022-04-01", "Other")
    undated = _story("s000000000003", (), None, "Undated")
    for s in (s1, undated, s1b, s2):
        store.save_story(s)
    assert store.list_stories() == [s1b, s2, undated]
    assert store.story_of(arts[0].id) == s1b.id
    assert store.story_of(arts[1].id) is None  # left the story when it was replaced
    assert [a.id for a in store.list_articles(story_id=s1b.id)] == [arts[0].id]
    moved = _story("s000000000002", (arts[2].id, arts[0].id), "2022-05-02", "Other")
    store.save_story(moved)  # an article belongs to one story: it moves
    assert store.story_of(arts[0].id) == moved.id
    assert store.get_story("s000000000002") == moved
    assert store.get_story(s1b.id[:-1] + "1") == s1b
    with pytest.raises(NotFound, match="ambiguous"):
        store.get_story("s0000000")
    store.delete_story(moved.id)
    with pytest.raises(NotFound, match="s000000000002"):
        store.get_story(moved.id)
    assert store.story_of(arts[2].id) is None
    assert store.count_articles() == 4  # articles stay


def test_story_with_nested_records_round_trips(store: Store) -> None:
    a = _article("Officials counted 212 dead after the quake.")
    store.add_article(a)
    sp = Span(a.id, 19, 22)
    story = Story(
        "s0000000000a",
        "Quake",
        (a.id,),
        entities=(StoryEntity("e1", "place", "Chile", ("Chile",), (), roles=(("host", sp),)),),
        claims=(
            Claim(
                "c1",
                "people killed",
                "people",
                "single",
                (ClaimValue(a.id, "Harbor Post", 212.0, "exact", "212 dead", sp),),
            ),
        ),
        first_published=dt.date(2022, 5, 1),
        last_published=dt.date(2022, 5, 1),
    )
    store.save_story(story)
    assert store.get_story(story.id) == story


def test_story_naming_an_unstored_article_is_refused_whole(store: Store) -> None:
    a = _article("Only this article is stored.")
    store.add_article(a)
    with pytest.raises(NotFound, match="0123456789abcdef"):
        store.save_story(_story("s00000000000b", (a.id, "0123456789abcdef"), "2022-01-01"))
    assert store.list_stories() == []
    assert store.story_of(a.id) is None


def test_failures_are_kept_in_order(store: Store) -> None:
    store.record_failure(Failure("a.txt", "ingest", "UnreadableInput", "a.txt: empty"))
    store.record_failure(Failure("b.bin", "ingest", "UnreadableInput", "b.bin: bin\x00ary"))
    assert store.failures() == [
        Failure("a.txt", "ingest", "UnreadableInput", "a.txt: empty"),
        Failure("b.bin", "ingest", "UnreadableInput", "b.bin: binary"),
    ]


def test_info_names_the_store_its_revision_and_counts(store: Store) -> None:
    store.add_article(_article("One article about the harbour."))
    info = store.info()
    assert info["url"] == store.url
    assert info["backend"] == ("sqlite" if store_is_sqlite(store) else "postgresql")
    assert info["schema revision"] == head()
    assert (info["articles"], info["annotated"], info["stories"], info["failures"]) == (1, 0, 0, 0)


def store_is_sqlite(store: Store) -> bool:
    return store.url.startswith("sqlite")


def test_text_postgres_would_refuse_round_trips_everywhere(store: Store) -> None:
    """NUL characters and long metadata: SQLite accepts them, so PostgreSQL must too."""
    a = new_article(
        "Scanned page\x00 with a stray NUL byte in the middle of it.",
        title="Scan\x00",
        language="x-a-very-long-language-tag",
        duplicate_of="d" * 40,
    )
    assert store.add_article(a)
    assert store.get_article(a.id) == a
    assert [h.article_id for h in store.search("stray")] == [a.id]


def test_overlong_ids_are_refused_with_the_id(store: Store) -> None:
    a = _article("Text.")
    long_id = Article(id="x" * 40, text=a.text, content_hash=a.content_hash)
    with pytest.raises(StoreError, match="x" * 40):
        store.add_article(long_id)


def test_close_and_reopen_keeps_everything(store_url: str) -> None:
    a = _article("Persisted across sessions.")
    with open_store(store_url) as s:
        s.add_article(a)
        s.save_story(_story("s00000000000c", (a.id,), "2022-05-01"))
    with open_store(store_url) as s:
        assert s.get_article(a.id) == a
        assert s.story_of(a.id) == "s00000000000c"


def test_a_batch_of_annotations_is_saved_like_one_at_a_time(store: Store) -> None:
    arts = [new_article(f"The ferry number {i} sailed from the northern pier.") for i in range(3)]
    for a in arts:
        store.add_article(a)
    first = [
        AnnotatedArticle(a, quotes=(Quote(f"the tide turned at dawn {i}", Span(a.id, 0, 3)),))
        for i, a in enumerate(arts)
    ]
    store.save_annotations_many(first)
    assert [store.get_annotations(a.id) for a in arts] == first
    assert {h.article_id for h in store.search("tide")} == {a.id for a in arts}
    # a second batch replaces the first: the old quotes are no longer found, new ones are
    second = [AnnotatedArticle(arts[0]), AnnotatedArticle(arts[1], quotes=(
        Quote("the lanterns were lit", Span(arts[1].id, 0, 3)),
    ))]  # fmt: skip
    store.save_annotations_many(second)
    assert store.get_annotations(arts[0].id) == second[0]
    assert {h.article_id for h in store.search("tide")} == {arts[2].id}
    assert [h.article_id for h in store.search("lanterns")] == [arts[1].id]


def test_a_batch_naming_an_unstored_article_saves_the_others_and_names_it(store: Store) -> None:
    stored = new_article("The orchard harvest began on the eastern slopes.")
    missing = new_article("A story nobody stored about the western slopes.")
    store.add_article(stored)
    with pytest.raises(NotFound, match=missing.id):
        store.save_annotations_many([AnnotatedArticle(stored), AnnotatedArticle(missing)])
    assert store.get_annotations(stored.id) == AnnotatedArticle(stored)


def test_outlets_are_listed_once_each_sorted_without_the_unnamed(store: Store) -> None:
    for i, outlet in enumerate(["Valley Radio", "Coastal Observer", "Valley Radio", None]):
        store.add_article(new_article(f"Report {i} on the harbour works.", outlet=outlet))
    assert store.outlets() == ["Coastal Observer", "Valley Radio"]
    assert store.outlets(limit=1) == ["Coastal Observer"]
