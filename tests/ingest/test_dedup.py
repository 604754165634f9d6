"""Near-duplicate wire copies are linked; different reports of one event are not."""

from __future__ import annotations

import tracemalloc

import pytest

from newsfuse.ingest.dedup import MAX_SHINGLES, NearDuplicateIndex, _shingles, minhash_signature

WIRE = (
    "The coastal city of Porto Seguro reopened its harbour on Friday after a week-long "
    "closure caused by the storm, port officials said. Cargo ships that had waited offshore "
    "began unloading grain and fuel, and the first ferry left for the islands at noon. "
    "The storm destroyed 240 homes along the shore and left 18,000 households without power, "
    "according to the regional civil defence agency. Repairs to the breakwater will take "
    "at least three months and cost about 40 million reais, the port authority estimated. "
    "Fishermen said they had lost most of their season and called for emergency aid."
)
REPUBLISHED = (
    "PORTO SEGURO (Coast Wire) — Storm-hit harbour back in business. "
    + WIRE
    + " Follow our coverage of the storm season."
)
OTHER_OUTLET = (
    "Fishing families in Porto Seguro counted their losses on Friday as the harbour "
    "reopened. 'We have nothing left for this season,' said one captain, whose boat sank. "
    "Civil defence officials put the number of destroyed homes at 240 and said power "
    "had been restored to most of the 18,000 households that lost it during the storm. "
    "The port authority expects the breakwater to be repaired by the spring."
)


def test_wire_copy_with_new_headline_and_footer_is_a_near_duplicate() -> None:
    index = NearDuplicateIndex()
    index.add("orig", minhash_signature(WIRE))
    assert index.query(minhash_signature(REPUBLISHED)) == "orig"


def test_another_outlets_report_of_the_same_event_is_not() -> None:
    index = NearDuplicateIndex()
    index.add("orig", minhash_signature(WIRE))
    assert index.query(minhash_signature(OTHER_OUTLET)) is None


def test_signature_round_trips_through_bytes() -> None:
    sig = minhash_signature(WIRE)
    assert isinstance(sig, bytes) and len(sig) == 128 * 8
    assert minhash_signature(WIRE) == sig


def _long_text(seed: int, words: int = 30_000) -> str:
    """A fictional longread of random words (no two seeds share 5-word runs)."""
    import random

    rng = random.Random(seed)
    vocab = [f"{a}{b}" for a in ("har", "bor", "ves", "kal", "min", "tor") for b in "aeiouy"]
    return " ".join(rng.choice(vocab) + rng.choice("aeiou") for _ in range(words))


@pytest.mark.issue(11)
def test_long_texts_are_hashed_from_a_bounded_sample_of_shingles() -> None:
    text = _long_text(1)
    assert len(_shingles(text)) == MAX_SHINGLES
    tracemalloc.start()
    sig = minhash_signature(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8 * 2**20, f"MinHash of one article peaked at {peak // 2**20} MB"
    index = NearDuplicateIndex()
    index.add("orig", sig)
    copy = "NEW HEADLINE FROM ANOTHER SITE. " + text + " Read more of our coverage."
    assert index.query(minhash_signature(copy)) == "orig"
    assert index.query(minhash_signature(_long_text(2))) is None
