"""Fingerprints of stored cells: a 64-bit digest of every value a (branch, quarter, category)
cell stores. An upload's cell whose fingerprint equals the current one's is "unchanged" and is
not written again (SPEC §7).

The digest is defined here, with numpy and BLAKE2b, so that it means the same forever. It used
to be DuckDB's ``hash()``, which DuckDB calls internal and changes between releases
(duckdb/duckdb#17596): after such an upgrade every re-uploaded cell would have counted as
changed. Stores written that way get their fingerprints recomputed once (:mod:`assess.db`).

    score  = mix(mix(text(indicator), text(dimension)) xor number(full mark) × K, number(score))
    cell   = mix(text(general branch), number(bonus), number(deduction), text(veto reason),
                 text(note), Σ score over the cell's scores, modulo 2⁶⁴)

The sum makes the digest independent of the order of the columns. Numbers are hashed by their
IEEE-754 bits (−0 as 0, every NaN, i.e. 不适用, as one value); texts by the first 8 bytes of
their BLAKE2b; a missing text is 0.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pandas as pd

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_K = np.uint64(0x9FB21C651E98DF25)  # odd: multiplying by it permutes the 64-bit values
_NAN = np.uint64(0x7FF8000000000000)
_U64 = np.uint64


def _mix(h: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``h`` followed by ``v`` (order matters: a bonus is not a deduction), through
    MurmurHash3's 64-bit finaliser, which carries every input bit to every output bit.
    Arithmetic wraps modulo 2⁶⁴."""
    x = h ^ (v + _GOLDEN + (h << _U64(6)) + (h >> _U64(2)))
    x ^= x >> _U64(33)
    x *= _U64(0xFF51AFD7ED558CCD)
    x ^= x >> _U64(33)
    x *= _U64(0xC4CEB9FE1A85EC53)
    x ^= x >> _U64(33)
    return x


def numbers(values) -> np.ndarray:
    """The 64-bit hash input of each number: its bits, with −0 as 0 and every NaN alike."""
    x = np.asarray(values, dtype=np.float64) + 0.0  # a new array; -0.0 + 0.0 is +0.0
    nan = np.isnan(x)
    bits = x.view(np.uint64)
    if nan.any():
        bits[nan] = _NAN
    return bits


def texts(values: Sequence) -> np.ndarray:
    """The 64-bit hash input of each text (BLAKE2b, once per distinct text); a missing text
    (None, NaN or NA in a frame) gives 0."""
    if isinstance(values, (list, tuple)):  # pandas factorizes arrays, not plain sequences
        values = pd.Series(values, dtype=object)
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    hashed = np.array([_text(v) for v in distinct] + [0], dtype=np.uint64)  # [-1]: missing
    return hashed[codes]


def _text(value: str) -> int:
    digest = hashlib.blake2b(str(value).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def column_hashes(indicator: Sequence, dimension: Sequence) -> np.ndarray:
    """The hash of each score column: its indicator and dimension."""
    return _mix(texts(indicator), texts(dimension))


def cell_fingerprints(general_branch: Sequence, bonus, deduction, veto_reason: Sequence,
                      note: Sequence, score_cell, score_column: np.ndarray, full_mark, score
                      ) -> np.ndarray:
    """The fingerprint (uint64) of each of n cells, given per cell its general branch, bonus,
    deduction, veto reason and note, and per score its cell (0…n−1), its column's hash
    (:func:`column_hashes`), full mark and score (NaN: not applicable)."""
    n = len(general_branch)
    each = _mix(np.asarray(score_column, dtype=np.uint64) ^ (numbers(full_mark) * _K),
                numbers(score))
    digest = np.zeros(n, dtype=np.uint64)
    np.add.at(digest, np.asarray(score_cell, dtype=np.intp), each)  # wraps modulo 2⁶⁴
    h = texts(general_branch)
    for part in (numbers(bonus), numbers(deduction), texts(veto_reason), texts(note), digest):
        h = _mix(h, part)
    return h


def of_rows(cells: pd.DataFrame, scores: pd.DataFrame) -> np.ndarray:
    """The fingerprints (uint64) of stored (or generated) cells, in the order
    of ``cells`` (entry_id, general_branch, bonus, deduction, veto_reason, note), from their
    ``scores`` (entry_id, indicator, dimension, full_mark, score; NaN or NULL: not applicable).
    Every score must belong to one of the cells. Rows of ``cells`` sharing an entry id (only a
    damaged store has them) get the fingerprint of the first one's values with all their
    scores."""
    one = cells.drop_duplicates("entry_id")
    ids = pd.Index(one["entry_id"])
    score_cell = ids.get_indexer(scores["entry_id"])
    if (score_cell < 0).any():
        raise ValueError("a score of no given cell")
    fingerprints = cell_fingerprints(
        one["general_branch"], one["bonus"].to_numpy(np.float64),
        one["deduction"].to_numpy(np.float64), one["veto_reason"], one["note"],
        score_cell, column_hashes(scores["indicator"], scores["dimension"]),
        scores["full_mark"].to_numpy(np.float64),
        scores["score"].to_numpy(np.float64, na_value=np.nan))
    return fingerprints[ids.get_indexer(cells["entry_id"])]
