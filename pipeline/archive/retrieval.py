"""Retrieval: the archived documents sharing a repost's rarest words and word pairs.

The repost is cut into chunks of ``chunk_sentences`` consecutive sentences; each chunk
asks the index for the documents sharing its rarest words and adjacent word pairs,
ranked by BM25, and the chunks' rankings are fused by reciprocal rank
(``pipeline.archive.matching`` re-ranks what this finds).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.archive.store import ArchiveIndex, words
from pipeline.settings import MatchParams


@dataclass(frozen=True)
class Query:
    """What one chunk of the repost asks the index: rare words, and word pairs as phrases."""

    words: tuple[str, ...]  # found in the archive but not common there, rarest first
    phrases: tuple[str, ...]  # adjacent word pairs, the pairs of rarer words first


def query_chunks(index: ArchiveIndex, sentences: Sequence[str], params: MatchParams) -> list[Query]:
    """One query per chunk of ``chunk_sentences`` consecutive repost sentences.

    Rare words find documents on the same subject; adjacent pairs as phrases find the
    documents with the same wording, which is what a copy keeps even when it was spun
    or when a short repost shares only a line of a templated story with its original.
    """
    total = max(1, len(index))
    queries: list[Query] = []
    for start in range(0, len(sentences), params.chunk_sentences):
        runs = [words(s) for s in sentences[start : start + params.chunk_sentences]]
        df = index.document_frequencies([w for run in runs for w in run])
        common = max(1.0, params.common_share * total)  # a small archive: words of one document
        if not any(df[w] <= common for w in df):
            # A small archive holding the story twice has no word of one document: its
            # rarest words are then those in at most half of it.
            common = max(2.0, total / 2)
        usable = sorted({w for run in runs for w in run if w in df and df[w] <= common}, key=lambda w: (df[w], w))
        pairs = {(a, b) for run in runs for a, b in zip(run, run[1:])
                 if a in df and b in df and min(df[a], df[b]) <= common}
        ranked = sorted(pairs, key=lambda p: (max(df[p[0]], df[p[1]]), p))
        if usable or ranked:
            queries.append(Query(tuple(usable), tuple(f"{a} {b}" for a, b in ranked)))
    return queries


def retrieve(index: ArchiveIndex, queries: Sequence[Query], params: MatchParams) -> list[tuple[str, float, bool]]:
    """Candidates, best first: (document id, best BM25 score, whether some chunk ranked it first).

    Each chunk asks for its ``terms_per_query`` rarest words and ``phrases_per_query``
    word pairs at once; the chunks' rankings are fused by reciprocal rank, so a
    document found first by any chunk is a candidate.
    """
    fused: dict[str, float] = {}
    bm25: dict[str, float] = {}
    first: set[str] = set()
    for q in queries:
        terms = q.words[: params.terms_per_query] + q.phrases[: params.phrases_per_query]
        for rank, hit in enumerate(index.search(terms, params.hits_per_query)):
            fused[hit.id] = fused.get(hit.id, 0.0) + 1.0 / (1 + rank)
            bm25[hit.id] = min(bm25.get(hit.id, 0.0), hit.bm25)
            if rank == 0:
                first.add(hit.id)
    ranked = sorted(fused, key=lambda d: (-fused[d], bm25[d]))
    return [(d, bm25[d], d in first) for d in ranked[: params.candidates]]
