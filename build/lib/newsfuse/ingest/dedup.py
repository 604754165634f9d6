"""Near-duplicate detection: MinHash over word shingles, with an LSH index.

The same wire story republished by several sites differs in headline, first line and
footer but shares most of its 5-word shingles. Exact duplicates (same content hash)
are handled by the store before this index is asked.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128  # permutations: Jaccard error ~ 1/sqrt(128) ≈ 0.09
SHINGLE = 5  # words per shingle: short enough to survive edits, long enough to be rare
# A wire copy with a new headline, lede and footer keeps Jaccard ≥ 0.7 on 5-shingles in
# tests/ingest/test_dedup.py; two outlets writing about the same event stay below 0.2.
NEAR_DUP_THRESHOLD = 0.6
SCHEME = "affine64"  # datasketch's hashing scheme; stored signatures depend on it


def _shingles(text: str) -> set[bytes]:
    """Word 5-shingles of the lower-cased text."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def _minhash(text: str) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch(list(_shingles(text)))
    return m


def minhash_signature(text: str) -> bytes:
    """The MinHash signature of ``text`` as bytes, for the store."""
    return _minhash(text).hashvalues.astype(np.uint64).tobytes()


def _from_bytes(sig: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(sig, dtype=np.uint64), scheme=SCHEME)


class NearDuplicateIndex:
    """Finds an earlier article whose text is nearly the same."""

    def __init__(self, threshold: float = NEAR_DUP_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._sigs: dict[str, MinHash] = {}
        self.threshold = threshold

    def add(self, article_id: str, signature: bytes) -> None:
        """Index an article's signature."""
        if article_id in self._sigs:
            return
        m = _from_bytes(signature)
        self._sigs[article_id] = m
        self._lsh.insert(article_id, m)

    def query(self, signature: bytes) -> str | None:
        """The id of the most similar indexed article above the threshold, or None."""
        m = _from_bytes(signature)
        best, best_j = None, self.threshold
        for cand in self._lsh.query(m):
            j = m.jaccard(self._sigs[cand])
            if j >= best_j:
                best, best_j = cand, j
        return best
