"""File guards that run before any sheet is parsed (SPEC §4 "What is rejected").

Everything here looks only at the raw bytes and the zip central directory: nothing is inflated,
so a zip bomb is refused in microseconds and without memory growth.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from assess.config import Limits
from assess.problems import Problem

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
# Stream names in the directory of an encrypted xlsx (an OLE compound file), UTF-16 encoded.
ENCRYPTION_STREAMS = tuple(n.encode("utf-16-le") for n in ("EncryptionInfo", "EncryptedPackage"))
# Members smaller than this are never called bombs: tiny XML parts can compress very well.
RATIO_MIN_BYTES = 1024 * 1024

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?\"")


@dataclass
class Checked:
    """What :func:`check_file` found: the open zip when the file may be parsed, else problems."""

    zip: zipfile.ZipFile | None
    problems: list[Problem]


def check_file(content: bytes, file_name: str, limits: Limits) -> Checked:
    """Size, format, encryption and zip-bomb checks; returns the open zip or the fatal problems."""

    def refuse(code: str, **params) -> Checked:
        return Checked(None, [Problem(code, file_name, params=params)])

    if len(content) > limits.max_file_bytes:
        return refuse("file_too_big", size_mb=_mb(len(content)),
                      limit_mb=_mb(limits.max_file_bytes))
    if len(content) == 0:
        return refuse("file_empty")
    if content.startswith(OLE_MAGIC):
        if any(stream in content for stream in ENCRYPTION_STREAMS):
            return refuse("file_encrypted")
        return refuse("file_xls")
    if file_name.lower().endswith(".xls"):
        # An .xls name on a non-OLE file: a renamed xlsx is fine, anything else is not Excel.
        if not content.startswith(ZIP_MAGIC):
            return refuse("file_xls")
    if not content.startswith(ZIP_MAGIC):
        return refuse("file_not_xlsx")
    try:
        zf = zipfile.ZipFile(io.BytesIO(content))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        return refuse("file_corrupt")
    total = 0
    for info in infos:
        total += info.file_size
        if info.flag_bits & 0x1:
            return refuse("file_encrypted")
        if info.file_size > RATIO_MIN_BYTES and (
            info.file_size > limits.max_compression_ratio * max(info.compress_size, 1)
        ):
            return refuse("file_bomb", limit_mb=_mb(limits.max_unzipped_bytes))
    if total > limits.max_unzipped_bytes:
        return refuse("file_bomb", limit_mb=_mb(limits.max_unzipped_bytes))
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        return refuse("file_not_xlsx")
    return Checked(zf, [])


def read_member(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """The inflated bytes of one member, at most ``limit`` (a lying header cannot blow up)."""
    with zf.open(name) as fh:
        return fh.read(limit)


def declared_rows(zf: zipfile.ZipFile, member: str) -> int | None:
    """The last row in the sheet's ``<dimension ref>`` (read from its first 4 KB), else None."""
    try:
        with zf.open(member) as fh:
            head = fh.read(4096)
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError):
        return None  # a missing or damaged part: the sheet reader reports it
    m = _DIMENSION.search(head)
    if not m:
        return None
    last = m.group(4) or m.group(2)
    return int(last) if last else None


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}"
