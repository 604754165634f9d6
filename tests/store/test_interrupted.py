"""kill -9 in the middle of an ingest leaves only whole articles, and the rerun resumes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import select

from newsfuse.store import open_store
from newsfuse.store.schema import articles

BATCH = 300
KILL_AFTER = 40  # articles reported written before the kill

WRITER = textwrap.dedent(
    """
    import sys, datetime
    from newsfuse.store import open_store
    from newsfuse.model import new_article
    added = 0
    with open_store(sys.argv[1]) as s:
        for i in range(int(sys.argv[2])):
            text = f"Dispatch {i}: crews cleared debris from the coastal road. " * 40
            a = new_article(text, title=f"Dispatch {i}", published=datetime.date(2022, 1, 1))
            added += s.add_article(a, b"sig%d" % i)
            print(i, flush=True)
    print("added", added, flush=True)
    """
)


def test_killed_ingest_leaves_only_whole_articles_and_resumes(
    store_url: str, tmp_path: Path
) -> None:
    open_store(store_url).close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    proc = subprocess.Popen(
        [sys.executable, str(script), store_url, str(BATCH)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    for _ in range(KILL_AFTER):
        proc.stdout.readline()
    os.kill(proc.pid, signal.SIGKILL)  # mid-batch, most likely mid-transaction
    proc.wait()
    proc.stdout.close()

    with open_store(store_url) as s:
        n = s.count_articles()
        assert KILL_AFTER <= n < BATCH
        with s.engine.connect() as conn:
            raw = conn.execute(select(articles.c.id, articles.c.data, articles.c.minhash)).all()
        assert len(raw) == n
        for aid, data, sig in raw:
            record = json.loads(data)  # whole JSON
            assert record["id"] == aid
            assert record["text"].count("Dispatch") == 40
            assert sig is not None
        whole = list(s.iter_articles())
        assert sorted(a.id for a in whole) == sorted(r[0] for r in raw)
        # every stored article has its search-index row: each is found by its own title
        hits = s.search("coastal debris", limit=BATCH)
        assert sorted(h.article_id for h in hits) == sorted(r[0] for r in raw)
        if s.backend == "sqlite":
            assert s.execute("SELECT count(*) FROM articles_fts")[0][0] == n

    rerun = subprocess.run(
        [sys.executable, str(script), store_url, str(BATCH)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.splitlines()[-1] == f"added {BATCH - n}"
    with open_store(store_url) as s:
        assert s.count_articles() == BATCH
        assert len(s.search("coastal debris", limit=BATCH + 10)) == BATCH
