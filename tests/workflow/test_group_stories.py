"""``group_stories`` over a store: incremental, one transaction, edits kept (#10, #14)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from newsfuse import workflow
from newsfuse.store import Store, story_index

from .conftest import corpus, fill

pytestmark = [pytest.mark.issue(10), pytest.mark.issue(14)]


def _grouping(store: Store) -> dict[str, list[str]]:
    return {s.id: sorted(s.article_ids) for s in store.list_stories()}


def _truth(items: list[tuple[int, Any]]) -> list[list[str]]:
    by: dict[int, list[str]] = defaultdict(list)
    for event, ann in items:
        by[event].append(ann.article.id)
    return sorted(sorted(v) for v in by.values())


def test_stories_follow_events_not_kinds(sqlite_store: Store) -> None:
    items = corpus(events=6, per_event=4)  # two events of each kind
    fill(sqlite_store, [a for _, a in items])
    workflow.group_stories(sqlite_store)
    assert sorted(_grouping(sqlite_store).values()) == _truth(items)


def test_nothing_new_does_nothing(sqlite_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(sqlite_store, [a for _, a in corpus(events=3, per_event=3)])
    workflow.group_stories(sqlite_store)
    before = sqlite_store.execute("SELECT id, updated_at FROM stories ORDER BY id")
    reads: list[str] = []
    monkeypatch.setattr(story_index, "read_annotations", lambda s, ids: reads.extend(ids) or {})
    assert workflow.group_stories(sqlite_store) == []
    assert reads == []
    assert sqlite_store.execute("SELECT id, updated_at FROM stories ORDER BY id") == before


def test_one_new_article_touches_only_the_story_it_joins(
    sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = corpus(events=5, per_event=4)
    late = [a for e, a in items if e == 2][-1]
    fill(sqlite_store, [a for _, a in items if a is not late])
    workflow.group_stories(sqlite_store)
    before = dict(sqlite_store.execute("SELECT id, updated_at FROM stories"))
    target = sqlite_store.story_of(next(a for e, a in items if e == 2).article.id)

    reads: list[str] = []
    real = story_index.read_annotations

    def spy(store: Store, ids: Any) -> Any:
        ids = list(ids)
        reads.extend(ids)
        return real(store, ids)

    monkeypatch.setattr(story_index, "read_annotations", spy)
    fill(sqlite_store, [late])
    changed = workflow.group_stories(sqlite_store)

    assert changed == [target]
    assert sqlite_store.story_of(late.article.id) == target
    after = dict(sqlite_store.execute("SELECT id, updated_at FROM stories"))
    assert {k for k in after if after[k] != before.get(k)} == {target}
    # annotations read: the new article, then the members of the story it joined, once
    members = set(_grouping(sqlite_store)[target])
    assert reads[0] == late.article.id
    assert set(reads) == members
    assert len(reads) == len(members)


def test_ingest_order_and_batching_do_not_change_the_stories(tmp_path: Any) -> None:
    from newsfuse.store import open_store

    items = corpus(events=6, per_event=4)
    anns = [a for _, a in items]
    results = []
    for name, batches in (
        ("one", [anns]),
        ("reversed", [anns[::-1]]),
    ):
        with open_store(f"sqlite:///{tmp_path / name}.db") as s:
            for batch in batches:
                fill(s, batch)
                workflow.group_stories(s)
            results.append(_grouping(s))
    assert results[0] == results[1]


def test_merges_and_splits_survive_the_next_run(sqlite_store: Store) -> None:
    items = corpus(events=4, per_event=3)
    fill(sqlite_store, [a for e, a in items if e < 3])
    workflow.group_stories(sqlite_store)
    first = {e: sqlite_store.story_of(a.article.id) for e, a in items if e < 3}
    merged = workflow.merge_stories(sqlite_store, first[0], first[1])
    kept, new = workflow.split_story(
        sqlite_store, first[2], [a.article.id for e, a in items if e == 2][:1]
    )
    grouping = _grouping(sqlite_store)

    fill(sqlite_store, [a for e, a in items if e == 3])
    workflow.group_stories(sqlite_store)
    after = _grouping(sqlite_store)
    for sid in (merged.id, kept.id, new.id):
        assert after[sid] == grouping[sid]
    assert len(after) == len(grouping) + 1
    # the merged story is one story in the index too: a report of either event joins it
    assert sqlite_store.execute("SELECT count(*) FROM story_states")[0][0] == len(after)


def test_stories_grouped_before_the_index_was_stored_get_an_index(sqlite_store: Store) -> None:
    items = corpus(events=3, per_event=3)
    fill(sqlite_store, [a for e, a in items if e < 2])
    workflow.group_stories(sqlite_store)
    grouping = _grouping(sqlite_store)
    for table in ("story_terms", "story_postings", "story_states", "story_profiles"):
        sqlite_store.execute(f"DELETE FROM {table}")  # as an older release left it

    fill(sqlite_store, [a for e, a in items if e == 2])
    workflow.group_stories(sqlite_store)
    after = _grouping(sqlite_store)
    assert {k: after[k] for k in grouping} == grouping
    assert sqlite_store.execute("SELECT count(*) FROM story_profiles")[0][0] == len(items)


def test_a_large_run_goes_chunk_by_chunk_and_a_killed_run_resumes(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsfuse.store import open_store

    items = corpus(events=6, per_event=4)  # events span the chunks' edges
    anns = [a for _, a in items]
    monkeypatch.setattr(workflow, "GROUP_CHUNK", 5)
    real_read, real_save = story_index.read_annotations, story_index.save_run
    reads: list[list[str]] = []  # the calls that read articles not read before

    def read(store: Store, ids: Any) -> Any:
        ids = list(ids)
        seen = {a for r in reads for a in r}
        if not seen.issuperset(ids):
            assert seen.isdisjoint(ids)  # a chunk is read on its own
            reads.append(ids)
        return real_read(store, ids)

    monkeypatch.setattr(story_index, "read_annotations", read)
    with open_store(f"sqlite:///{tmp_path / 'whole.db'}") as s:
        fill(s, anns)
        workflow.group_stories(s)
        expected = _grouping(s)
    # new annotations are read a chunk at a time, each once
    assert max(len(r) for r in reads) == 5
    assert sorted(a for r in reads for a in r) == sorted(a.article.id for a in anns)
    assert sorted(expected.values()) == _truth(items)

    saves = []

    def killed_in_third_chunk(*args: Any, **kwargs: Any) -> None:
        saves.append(1)
        if len(saves) == 3:
            raise KeyboardInterrupt
        real_save(*args, **kwargs)

    with open_store(f"sqlite:///{tmp_path / 'killed.db'}") as s:
        fill(s, anns)
        monkeypatch.setattr(story_index, "save_run", killed_in_third_chunk)
        with pytest.raises(KeyboardInterrupt):
            workflow.group_stories(s)
        assert s.execute("SELECT count(*) FROM story_articles")[0][0] == 10  # two chunks kept
        monkeypatch.setattr(story_index, "save_run", real_save)
        workflow.group_stories(s)
        assert _grouping(s) == expected


def test_a_run_keeps_few_unchanged_stories_in_memory_and_groups_the_same(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsfuse.fuse import clustering
    from newsfuse.store import open_store

    items = corpus(events=6, per_event=4)
    monkeypatch.setattr(workflow, "GROUP_CHUNK", 5)  # later chunks read earlier stories
    resident: list[int] = []  # unchanged stories held after each candidate lookup
    real = clustering.StoryIndex._forget_fetched

    def counted(index: Any) -> None:
        real(index)
        resident.append(len(index._stories) - len(index.changes().stories))

    monkeypatch.setattr(clustering.StoryIndex, "_forget_fetched", counted)
    groupings, most = [], []
    for kept in (1000, 1):
        monkeypatch.setattr(clustering, "FETCHED_KEPT", kept)
        resident.clear()
        with open_store(f"sqlite:///{tmp_path / f'kept{kept}'}.db") as s:
            fill(s, [a for _, a in items])
            workflow.group_stories(s)
            groupings.append(sorted(_grouping(s).values()))
        most.append(max(resident))
    assert most[0] > 1 and most[1] == 1
    assert groupings[0] == groupings[1] == _truth(items)
