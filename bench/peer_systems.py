"""Peer toolkits wrapped behind one interface for the Sokhan benchmarks.

Every system exposes the same task, "normalize + sentence split + word
tokenize", applied to one input unit (a line of the corpus) and returning a
list of sentences, each a list of tokens.

Used by peers.py (timing, in a fresh interpreter per system) and by
peers_outputs.py (dumping outputs for eyeballing).
"""

from __future__ import annotations

import importlib.metadata
from typing import Callable, List

Sentences = List[List[str]]

# System name -> (distribution name for the version, short description).
SYSTEMS = {
    "hazm": ("hazm", "Normalizer().normalize + SentenceTokenizer().tokenize + WordTokenizer().tokenize"),
    "rishe": ("rishe", "Pipeline().normalize + .sent_tokenize + .word_tokenize (native Rust API)"),
    "rishe-compat": ("rishe", "rishe.Normalizer/SentenceTokenizer/WordTokenizer (hazm-compatible wrappers)"),
    "parsivar": ("parsivar", "Normalizer().normalize + Tokenizer().tokenize_sentences + .tokenize_words"),
}


def version(system: str) -> str:
    try:
        return importlib.metadata.version(SYSTEMS[system][0])
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def available(system: str) -> bool:
    return version(system) != "not installed"


def build(system: str) -> Callable[[str], Sentences]:
    """Import the toolkit, construct its objects, return the task function."""
    if system == "hazm":
        import hazm

        # NB: hazm.word_tokenize()/sent_tokenize() build a new tokenizer on
        # every call (WordTokenizer() reloads its word and verb lists), so
        # reuse instances like any real user would.
        norm = hazm.Normalizer()
        sent = hazm.SentenceTokenizer()
        word = hazm.WordTokenizer()

        def run(text: str) -> Sentences:
            return [word.tokenize(s) for s in sent.tokenize(norm.normalize(text))]

        return run

    if system == "rishe":
        import rishe

        pipe = rishe.Pipeline()

        def run(text: str) -> Sentences:
            return [pipe.word_tokenize(s) for s in pipe.sent_tokenize(pipe.normalize(text))]

        return run

    if system == "rishe-compat":
        import rishe

        norm = rishe.Normalizer()
        sent = rishe.SentenceTokenizer()
        word = rishe.WordTokenizer()

        def run(text: str) -> Sentences:
            return [word.tokenize(s) for s in sent.tokenize(norm.normalize(text))]

        return run

    if system == "parsivar":
        import parsivar

        norm = parsivar.Normalizer()
        tok = parsivar.Tokenizer()

        def run(text: str) -> Sentences:
            out = []
            for s in tok.tokenize_sentences(norm.normalize(text)):
                words = tok.tokenize_words(s)
                if words:
                    out.append(words)
            return out

        return run

    raise ValueError(f"unknown system {system!r}")


def read_units(data: bytes) -> List[str]:
    """Split the raw file into processing units: non-empty lines."""
    return [line for line in data.decode("utf-8").split("\n") if line.strip()]


def slice_bytes(data: bytes, limit: int) -> bytes:
    """First `limit` bytes of `data`, cut back to a line boundary."""
    if limit <= 0 or limit >= len(data):
        return data
    cut = data.rfind(b"\n", 0, limit)
    return data[: cut + 1] if cut >= 0 else data[:limit].decode("utf-8", "ignore").encode("utf-8")
