"""Near-duplicate signatures: MinHash over word shingles, cut into LSH band keys.

Near-duplicates are found with MinHash signatures (datasketch's "affine32" MinHash, computed
in numpy) over word shingles of the normalised title, lead and body, so split or merged
paragraphs, a changed title or an added sentence still match. The signature is cut into LSH
bands; each band is hashed to one integer key that a store keeps in an indexed table, so a
lookup is `BANDS` index probes whatever the store's size, and the few candidates are confirmed
by their estimated Jaccard similarity. Every backend stores the same signatures and keys.
"""
import re

import numpy as np

from dvcrawl.text import normalize

NUM_PERM = 64          # MinHash permutations: 256-byte signatures
BANDS, ROWS = 16, 4    # LSH banding: candidate pairs from Jaccard ≈ (1/BANDS)^(1/ROWS) ≈ 0.5
SHINGLE = 3            # words per shingle
STORY_THRESHOLD = 0.5  # estimated Jaccard at which two texts carry the same story
LSH_PARAMS = f"minhash{NUM_PERM}-bands{BANDS}x{ROWS}-shingle{SHINGLE}"

_WORD = re.compile(r"\w+")

try:  # CPython's own SHA-1: the same digest, half the cost of OpenSSL's for a short string
    from _sha1 import sha1 as _sha1
except ImportError:  # an interpreter without it
    from hashlib import sha1 as _sha1

# The MinHash of datasketch ≥ 2.0 (scheme "affine32", seed 1), computed here in one numpy pass
# (datasketch hashes and permutes in Python per call; the values are the same, which
# tests/test_dedup.py checks against datasketch itself, so stored signatures stay valid):
# each shingle's hash is the first 4 bytes of its SHA-1 (little-endian), pre-mixed with the
# MurmurHash3 32-bit finalizer, then permuted by a*h + b mod 2**32 with NUM_PERM odd `a`.
_RNG = np.random.RandomState(1)
_PERM_A = (_RNG.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)).reshape(1, -1)
_PERM_B = _RNG.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32).reshape(1, -1)
del _RNG


def story_text(title: str | None, summary: str | None, body: str | None) -> str:
    """The text a story is recognised by: title, lead and body (paragraphs do not matter)."""
    return " ".join(filter(None, [title, summary, body]))


def signature(text: str) -> np.ndarray:
    """MinHash signature (NUM_PERM uint32 values) of the word shingles of `text`."""
    words = _WORD.findall(normalize(text).lower())
    if len(words) > SHINGLE:
        shingles = set(map(" ".join, zip(*(words[i:] for i in range(SHINGLE)))))
    else:
        shingles = {" ".join(words)}
    # the first 4 bytes of each 20-byte digest, read little-endian
    digests = b"".join([_sha1(s.encode("utf-8")).digest() for s in shingles])
    hv = np.frombuffer(digests, dtype="<u4")[::5].astype(np.uint32).reshape(-1, 1)
    hv ^= hv >> np.uint32(16)  # MurmurHash3 fmix32
    hv *= np.uint32(0x85EBCA6B)
    hv ^= hv >> np.uint32(13)
    hv *= np.uint32(0xC2B2AE35)
    hv ^= hv >> np.uint32(16)
    hv = hv * _PERM_A
    hv += _PERM_B
    return hv.min(axis=0)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


_BAND_MULT = np.random.default_rng(20201014).integers(1, 2**63, size=(1, ROWS), dtype=np.uint64) * 2 + 1
_BAND_SALT = np.arange(1, BANDS + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band: a hash of the band's ROWS values and its number
    (so equal values in different bands never share a key)."""
    h = (np.asarray(sig, dtype=np.uint32).reshape(BANDS, ROWS).astype(np.uint64) * _BAND_MULT).sum(axis=1)
    h ^= _BAND_SALT
    h ^= h >> np.uint64(31)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(29)
    return h.view(np.int64).tolist()
