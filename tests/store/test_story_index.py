"""The story index on both backends: the same stories from SQLite and PostgreSQL (#14)."""

from __future__ import annotations

import pytest

from newsfuse import workflow
from newsfuse.store import Store
from workflow.conftest import corpus, fill

pytestmark = pytest.mark.issue(14)


def test_grouping_and_one_new_article_give_the_same_stories_on_every_backend(
    store: Store,
) -> None:
    items = corpus(events=4, per_event=3)
    late = items[-1][1]
    fill(store, [a for _, a in items[:-1]])
    first = workflow.group_stories(store)
    assert len(first) == 4
    fill(store, [late])
    (joined,) = workflow.group_stories(store)
    assert late.article.id in store.get_story(joined).article_ids
    assert len(store.get_story(joined).article_ids) == 3
    assert workflow.group_stories(store) == []
    rows = store.execute("SELECT count(*) FROM story_profiles")
    assert rows[0][0] == len(items)
