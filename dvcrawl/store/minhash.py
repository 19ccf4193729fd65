"""Near-duplicate signatures: MinHash over word shingles, cut into LSH band keys.

Near-duplicates are found with MinHash signatures over 3-word shingles of the normalised
title, lead and body, so split or merged paragraphs, a changed title or an added sentence still
match. The signature is cut into LSH bands; each band is hashed to one integer key that a store
keeps in an indexed table, so a lookup is `BANDS` index probes whatever the store's size, and
the few candidates are confirmed by their estimated Jaccard similarity. Every backend stores the
same signatures and keys.

A shingle's hash is made from its words' hashes, not by hashing its text: each distinct word is
hashed once (SHA-1, remembered for the process), and a text's shingles are mixed from them in
one numpy pass. Hashing every shingle's text was two thirds of the signature's cost.
"""
from functools import lru_cache

import numpy as np

from dvcrawl.text import normalize

NUM_PERM = 64          # MinHash permutations: 256-byte signatures
BANDS, ROWS = 16, 4    # LSH banding: candidate pairs from Jaccard ≈ (1/BANDS)^(1/ROWS) ≈ 0.5
SHINGLE = 3            # words per shingle
STORY_THRESHOLD = 0.5  # estimated Jaccard at which two texts carry the same story
SCHEME = "wordmix"     # how shingles are hashed (stores made with another scheme are re-signed)
LSH_PARAMS = f"minhash{NUM_PERM}-bands{BANDS}x{ROWS}-shingle{SHINGLE}-{SCHEME}"

try:  # CPython's own SHA-1: the same digest, half the cost of OpenSSL's for a short string
    from _sha1 import sha1 as _sha1
except ImportError:  # an interpreter without it
    from hashlib import sha1 as _sha1

# Words are the runs of characters between spaces and punctuation, split on the UTF-8 bytes:
# ASCII punctuation becomes a space (bytes.translate), the usual typographic marks are replaced
# before encoding. A third of the cost of a regular expression's \w+ over the same text.
_ASCII_PUNCT = bytes(b for b in range(0x21, 0x7F) if not chr(b).isalnum())
_PUNCT_TO_SPACE = bytes.maketrans(_ASCII_PUNCT, b" " * len(_ASCII_PUNCT))
_TYPOGRAPHIC = "“”‘’–—…«»"

_WORD_HASHES: dict[bytes, int] = {}  # word -> its 64-bit hash, for the process
_WORD_HASHES_MAX = 1 << 16            # about 8 MB at most; cleared when full (numbers, names)

# Shingle hash: the words' 64-bit hashes times odd constants, one per position (so word order
# counts), xor-ed, then SplitMix64's finalizer; the top 32 bits are permuted a*h + b mod 2**32
# by NUM_PERM odd `a` (fixed seeds: signatures must be the same in every process and run).
_POSITION = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)
_RNG = np.random.RandomState(1)
_PERM_A = (_RNG.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)).reshape(1, -1)
_PERM_B = _RNG.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32).reshape(1, -1)
del _RNG


def story_text(title: str | None, summary: str | None, body: str | None) -> str:
    """The text a story is recognised by: title, lead and body (paragraphs do not matter)."""
    return " ".join(filter(None, [title, summary, body]))


def item_signature(item: dict) -> np.ndarray:
    """The signature of a feed item's story text (an item as exported or stored)."""
    return signature(story_text(item.get("title"), item.get("summary"), item.get("body")))


def words(text: str) -> list[bytes]:
    """The lower-cased words of `text`, as UTF-8."""
    text = normalize(text).lower()
    for mark in _TYPOGRAPHIC:
        if mark in text:
            text = text.replace(mark, " ")
    return text.encode("utf-8").translate(_PUNCT_TO_SPACE).split()


def _word_hash(word: bytes) -> int:
    if len(_WORD_HASHES) >= _WORD_HASHES_MAX:
        _WORD_HASHES.clear()
    value = _WORD_HASHES[word] = int.from_bytes(_sha1(word).digest()[:8], "little")
    return value


def signature(text: str) -> np.ndarray:
    """MinHash signature (NUM_PERM uint32 values) of the word shingles of `text`.

    A text of fewer than SHINGLE words is one shingle; repeated shingles count once, as in a
    set, since a minimum does not change with repeats."""
    known = _WORD_HASHES.get
    hv = np.array([known(w) or _word_hash(w) for w in words(text)], dtype=np.uint64)
    if len(hv) < SHINGLE:
        hv = np.concatenate([hv, np.zeros(SHINGLE - len(hv), dtype=np.uint64)])
    n = len(hv) - SHINGLE + 1
    h = hv[:n] * _POSITION[0]
    for i in range(1, SHINGLE):
        h ^= hv[i:i + n] * _POSITION[i]
    h ^= h >> np.uint64(30)  # SplitMix64's finalizer
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    permuted = (h >> np.uint64(32)).astype(np.uint32).reshape(-1, 1) * _PERM_A
    permuted += _PERM_B
    return permuted.min(axis=0)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


_BAND_MULT = np.random.default_rng(20201014).integers(1, 2**63, size=(1, ROWS), dtype=np.uint64) * 2 + 1
_BAND_SALT = np.arange(1, BANDS + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band: a hash of the band's ROWS values and its number
    (so equal values in different bands never share a key)."""
    return list(_band_keys(np.asarray(sig, dtype=np.uint32).tobytes()))


@lru_cache(maxsize=16)
def _band_keys(values: bytes) -> tuple[int, ...]:
    """`band_keys` by the signature's bytes: dedup asks for one article's keys three times (its
    lookups in the run's and the state's store, then adding it), and they are made once."""
    h = (np.frombuffer(values, dtype=np.uint32).reshape(BANDS, ROWS).astype(np.uint64) * _BAND_MULT).sum(axis=1)
    h ^= _BAND_SALT
    h ^= h >> np.uint64(31)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(29)
    return tuple(h.view(np.int64).tolist())
