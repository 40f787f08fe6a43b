"""TER of a pair far longer than any sentence (a text with no full stop) is scored in pieces:
sacrebleu's shift search took 48 s on 1,000 words of Reuters text, 4 minutes on 2,000."""

from __future__ import annotations

from sacrebleu.metrics import TER

from pipeline.fidelity.metrics import TER_LONG_WORDS, TER_PIECE_WORDS, _pieces


def test_sentences_are_scored_whole_and_a_wall_of_text_in_pieces() -> None:
    short = " ".join(["word"] * TER_LONG_WORDS)
    hyps, refs = _pieces([short], [short])
    assert (hyps, refs) == ([short], [short])
    long_ref = " ".join(f"w{i}" for i in range(10 * TER_PIECE_WORDS))
    long_hyp = " ".join(f"w{i}" for i in range(10 * TER_PIECE_WORDS) if i % 7)
    hyps, refs = _pieces([long_hyp], [long_ref])
    assert len(hyps) == len(refs) == 10
    assert " ".join(refs).split() == long_ref.split() and " ".join(hyps).split() == long_hyp.split()
    # Deletions spread evenly: the pieces count what the whole counts.
    whole = TER().corpus_score([long_hyp], [[long_ref]]).score
    pieced = TER().corpus_score(hyps, [refs]).score
    assert abs(whole - pieced) < 2.0
