"""Marian's tokenisation without transformers: the model's SentencePiece files and vocabulary.

``SentencePieceMarian`` encodes and decodes as transformers' ``MarianTokenizer`` does for
a plain opus-mt directory, so the CTranslate2 backend (``pipeline.translation.ct2``)
never imports transformers or torch: a smaller process that starts faster.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any


class SentencePieceMarian:
    """``MarianTokenizer``'s encoding and decoding without transformers, for a plain opus-mt directory.

    What it reproduces (transformers 5.x ``MarianTokenizer``, checked token for token by
    the tests): the text is cut at the special tokens written in it (``</s>``, ``<unk>``,
    ``<pad>``, which stand for themselves); in each other part a leading ``>>xx<<``
    language code is one token and the rest goes through ``source.spm``; pieces become
    ids through ``vocab.json`` (unknown ones ``<unk>``) and ``</s>`` closes the sequence.
    Decoding drops the special ids, joins the pieces with ``source.spm`` (as
    ``MarianTokenizer`` does for a shared vocabulary), turns ``▁`` into spaces and strips.
    ``load`` returns None for a directory whose settings go beyond that.
    """

    def __init__(
        self,
        source_spm: Path,
        vocab: dict[str, int],
        special: dict[str, str],
        model_max_length: int,
    ) -> None:
        import sentencepiece

        self._spm = sentencepiece.SentencePieceProcessor()
        self._spm.Load(str(source_spm))
        self._encoder = vocab
        self._decoder = {i: piece for piece, i in vocab.items()}
        self.eos_token, self.unk_token, self.pad_token = special["eos"], special["unk"], special["pad"]
        self.eos_token_id = vocab[self.eos_token]
        self.unk_token_id = vocab[self.unk_token]
        self.pad_token_id = vocab[self.pad_token]
        self.model_max_length = model_max_length
        specials = (self.eos_token, self.unk_token, self.pad_token)
        self._special_ids = frozenset(vocab[t] for t in specials)
        # Longest first, as transformers' trie matches the longest special token.
        self._split = re.compile("(" + "|".join(re.escape(t) for t in sorted(specials, key=len, reverse=True)) + ")")
        self._specials = frozenset(specials)

    @classmethod
    def load(cls, directory: Path) -> SentencePieceMarian | None:
        """The tokenizer of the model at ``directory``, or None if ``MarianTokenizer`` must do it."""
        try:
            config = _read_json(directory / "tokenizer_config.json", {})
            special_map = _read_json(directory / "special_tokens_map.json", {})
            if (directory / "added_tokens.json").exists() or (directory / "tokenizer.json").exists():
                return None
            if not (directory / "source.spm").is_file() or not (directory / "vocab.json").is_file():
                return None
            unsupported = {"separate_vocabs", "target_vocab_file", "sp_model_kwargs", "do_lower_case",
                           "additional_special_tokens", "extra_special_tokens", "split_special_tokens",
                           "clean_up_tokenization_spaces"}
            if any(config.get(k) for k in unsupported) or any(special_map.get(k) for k in unsupported):
                return None
            special = {}
            for name, default in (("eos", "</s>"), ("unk", "<unk>"), ("pad", "<pad>")):
                value = config.get(f"{name}_token", special_map.get(f"{name}_token", default))
                if isinstance(value, dict):  # saved as an AddedToken
                    if any(value.get(k) for k in ("lstrip", "rstrip", "single_word")):
                        return None
                    value = value.get("content")
                if not isinstance(value, str) or not value:
                    return None
                special[name] = value
            added = config.get("added_tokens_decoder") or {}
            if not isinstance(added, dict):
                return None
            for token in added.values():
                if not isinstance(token, dict) or token.get("content") not in special.values():
                    return None
                if any(token.get(k) for k in ("lstrip", "rstrip", "single_word")):
                    return None
            vocab = _read_json(directory / "vocab.json", None)
            if not isinstance(vocab, dict) or not all(v in vocab for v in special.values()):
                return None
            if len(set(vocab.values())) != len(vocab):
                return None  # two pieces on one id: decoding would depend on dict order
            max_length = config.get("model_max_length", 512)
            if not isinstance(max_length, int) or isinstance(max_length, bool):
                return None
            return cls(directory / "source.spm", vocab, special, max_length)
        except (OSError, ValueError):
            return None

    def get_vocab(self) -> dict[str, int]:
        return dict(self._encoder)

    def __call__(self, texts: str | Sequence[str]) -> dict[str, Any]:
        """``{"input_ids": ...}`` for one text or a list of them, as ``MarianTokenizer`` returns."""
        if isinstance(texts, str):
            return {"input_ids": self._ids(self.encode_pieces([texts])[0])}
        return {"input_ids": [self._ids(pieces) for pieces in self.encode_pieces(texts)]}

    def encode_pieces(self, texts: Sequence[str]) -> list[list[str]]:
        """The source tokens of each text, closing ``</s>`` included."""
        plain = [i for i, t in enumerate(texts) if not t.startswith(">>") and not any(s in t for s in self._specials)]
        out: list[list[str]] = [[] for _ in texts]
        # One call for the common case: SentencePiece encodes the list in C++.
        for i, pieces in zip(plain, self._spm.encode([texts[i] for i in plain], out_type=str)):
            out[i] = pieces
        done = set(plain)
        for i, text in enumerate(texts):
            if i not in done:
                out[i] = self._pieces_special(text)
        for pieces in out:
            pieces.append(self.eos_token)
        return out

    def _pieces_special(self, text: str) -> list[str]:
        pieces: list[str] = []
        for part in self._split.split(text):
            if not part:
                continue
            if part in self._specials:
                pieces.append(part)
                continue
            end = part.find("<<") if part.startswith(">>") else -1
            if end != -1:
                pieces.append(part[: end + 2])
                part = part[end + 2 :]
            pieces.extend(self._spm.encode(part, out_type=str))
        return pieces

    def _ids(self, pieces: Sequence[str]) -> list[int]:
        get, unk = self._encoder.get, self.unk_token_id
        return [get(p, unk) for p in pieces]

    def convert_tokens_to_ids(self, tokens: Sequence[str]) -> list[int]:
        return self._ids(tokens)

    def convert_ids_to_tokens(self, ids: Sequence[int]) -> list[str]:
        return [self._decoder[i] if i in self._decoder else self._spm.IdToPiece(i) for i in ids]

    def decode_tokens(self, tokens: Sequence[str]) -> str:
        """``batch_decode(convert_tokens_to_ids(tokens), skip_special_tokens=True)`` for one sequence."""
        get, unk, special, decoder = self._encoder.get, self.unk_token_id, self._special_ids, self._decoder
        kept = [decoder[i] for i in (get(t, unk) for t in tokens) if i not in special]
        return str(self._spm.decode_pieces(kept)).replace("\u2581", " ").strip()

    def batch_decode(self, sequences: Sequence[Sequence[int]], skip_special_tokens: bool = True) -> list[str]:
        if not skip_special_tokens:
            raise ValueError("only skip_special_tokens=True is supported")
        return [self.decode_tokens(self.convert_ids_to_tokens(ids)) for ids in sequences]


def _read_json(path: Path, default: Any) -> Any:
    if not path.exists():
        if default is None:
            raise FileNotFoundError(path)
        return default
    return json.loads(path.read_text(encoding="utf-8"))
