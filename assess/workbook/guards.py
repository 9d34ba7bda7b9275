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
# calamine reserves memory for the number of shared strings the file *declares* before reading
# them: uniqueCount="4000000000" makes it ask for 96 GB, and a failed allocation in Rust aborts
# the whole process (no exception to catch). The declaration is checked here first.
SHARED_STRINGS = "xl/sharedStrings.xml"
SST_HEAD_BYTES = 64 * 1024  # the <sst> start tag must come within this
# What Python's zipfile raises on a damaged part (a mismatched header, a bad CRC, an unknown
# method or version, a negative offset …). calamine may accept a file that zipfile refuses
# part-way, so every read of ours catches all of them.
ZIP_ERRORS = (KeyError, zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError,
              ValueError, NotImplementedError, RuntimeError, UnicodeDecodeError)
_SST_TAG = re.compile(rb"<(?:\w+:)?sst\b[^>]*>")
_UNIQUE_COUNT = re.compile(rb"""uniqueCount\s*=\s*(["'])(.*?)\1""")


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
    except ZIP_ERRORS:
        return refuse("file_corrupt")
    unsafe = _unsafe_member(infos)
    if unsafe is not None:
        return refuse("file_member_invalid", member=unsafe)
    total = 0
    for info in infos:
        total += info.file_size
        if info.flag_bits & 0x41:  # encrypted, or "strong encryption"
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
    if SHARED_STRINGS in names and not _declared_strings_plausible(zf, zf.getinfo(SHARED_STRINGS)):
        return refuse("file_corrupt")
    return Checked(zf, [])


def _declared_strings_plausible(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """False when the shared-strings part declares more strings than it could hold (each
    ``<si/>`` takes at least 5 bytes) or declares them in a form that is not plain digits."""
    try:
        with zf.open(info) as fh:
            head = fh.read(SST_HEAD_BYTES)
    except ZIP_ERRORS:
        return False  # a damaged part: refused like the rest of a damaged file
    tag = _SST_TAG.search(head)
    if tag is None:
        return not head.strip()  # an empty part is harmless; anything else must start with <sst
    for _, value in _UNIQUE_COUNT.findall(tag.group(0)):
        if not value.isdigit() or int(value) > info.file_size // 5 + 1:
            return False
    return True


def _unsafe_member(infos: list[zipfile.ZipInfo]) -> str | None:
    """The first member name no workbook has: a duplicate (two readers could each take a
    different copy), or one that would land outside a folder it is extracted to ("../", "/",
    "C:", a backslash path, NUL). Nothing here is ever extracted, but the original bytes are
    stored and offered for download, so they must be a plain workbook."""
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name in seen or name.startswith(("/", "\\")) or ".." in parts or "\0" in name \
                or (len(name) > 1 and name[1] == ":"):
            return name[:80]
        seen.add(name)
    return None


def read_member(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """The inflated bytes of one member, at most ``limit`` (a lying header cannot blow up)."""
    with zf.open(name) as fh:
        return fh.read(limit)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}"
