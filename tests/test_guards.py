"""SPEC §4 file guards: size, zip bomb, encryption, .xls, corrupt, not an xlsx, too many rows."""

from __future__ import annotations

import io
import re
import struct
import time
import tracemalloc
import zipfile
import zlib

import pytest

from assess.config import Limits
from assess.workbook import read_workbook
from tests.builders import SheetSpec, build_workbook, default_rows

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def only_problem(content: bytes, file_name: str = "2025Q3.xlsx", **kw):
    result = read_workbook(content, file_name, **kw)
    assert len(result.problems) == 1, [p.render("en") for p in result.problems]
    p = result.problems[0]
    for lang in ("zh", "en"):
        assert p.render(lang).startswith(f"{file_name}: ")  # located at the file
    return p


def _raw_zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip from pre-deflated members: (name, deflated data, crc32, compressed, uncompressed)."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, csize, usize in members:
        offset = out.tell()
        raw = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, csize, usize,
                              len(raw), 0) + raw)
        out.write(data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc,
                                  csize, usize, len(raw), 0, 0, 0, 0, 0, offset) + raw)
    cd = central.getvalue()
    start = out.tell()
    out.write(cd)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(cd),
                          start, 0))
    return out.getvalue()


def _zeros_member(name: str, chunks: int, chunk: int = 16 << 20) -> tuple:
    """A real deflate stream of ``chunks × chunk`` zero bytes, built in a fraction of a second:
    with a full flush after each chunk the compressed form of every chunk after the first is the
    same bytes, so it is repeated instead of recompressed."""
    block = bytes(chunk)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    steady = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    data = first + steady * (chunks - 1) + comp.flush()
    crc = 0
    for _ in range(chunks):
        crc = zlib.crc32(block, crc)
    return name, data, crc, len(data), chunks * chunk


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A 1 MB xlsx-looking zip whose sheet inflates to 1 GiB of zeros."""
    workbook = zlib.compressobj(9, zlib.DEFLATED, -15)
    xml = b"<workbook/>"
    small = workbook.compress(xml) + workbook.flush()
    return _raw_zip([("xl/workbook.xml", small, zlib.crc32(xml), len(small), len(xml)),
                     _zeros_member("xl/worksheets/sheet1.xml", 64)])


def test_the_bomb_is_real(bomb):
    zf = zipfile.ZipFile(io.BytesIO(bomb))
    info = zf.getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size == 1 << 30 and len(bomb) < 2 << 20
    with zf.open(info) as fh:
        assert fh.read(1 << 20) == bytes(1 << 20)  # it really inflates


def test_zip_bomb_is_refused_fast_without_inflating(bomb):
    tracemalloc.start()
    start = time.perf_counter()
    p = only_problem(bomb)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert p.code == "file_bomb"
    assert elapsed < 0.5
    assert peak < 20 << 20  # no inflation: well under the 1 GiB it would take


def test_one_member_with_an_absurd_compression_ratio_is_refused():
    content = _raw_zip([_zeros_member("xl/workbook.xml", 4, chunk=4 << 20)])  # 16 MB, ratio ~1000
    assert only_problem(content).code == "file_bomb"


def test_total_declared_size_over_the_bound_is_refused():
    content = build_workbook([SheetSpec()])
    p = only_problem(content, limits=Limits(max_unzipped_bytes=1000))
    assert p.code == "file_bomb" and "MB" in p.render("en")


def test_file_over_the_size_limit():
    content = build_workbook([SheetSpec()])
    p = only_problem(content, limits=Limits(max_file_bytes=len(content) - 1))
    assert p.code == "file_too_big"
    assert re.search(r"\d+\.\d MB", p.render("zh"))


def test_encrypted_workbook():
    # What Excel writes for a password-protected xlsx: an OLE compound file with an
    # EncryptionInfo stream (names are UTF-16 in the directory).
    content = OLE_MAGIC + bytes(504) + "EncryptionInfo".encode("utf-16-le") + bytes(2000)
    p = only_problem(content, "2025Q3.xlsx")
    assert p.code == "file_encrypted"
    assert "密码" in p.render("zh") and "password" in p.render("en")


@pytest.mark.parametrize("file_name", ["2025Q3.xls", "2025Q3.xlsx"])
def test_old_xls_asks_to_save_as_xlsx(file_name):
    content = OLE_MAGIC + bytes(504) + "Workbook".encode("utf-16-le") + bytes(2000)
    p = only_problem(content, file_name)
    assert p.code == "file_xls"
    assert ".xlsx" in p.render("zh") and ".xlsx" in p.render("en")


def test_xls_name_on_text_is_refused_as_xls():
    assert only_problem(b"<html>table</html>", "report.xls").code == "file_xls"


@pytest.mark.parametrize("content", [
    b"committee,branch\n", b"<html><table></table></html>", b"%PDF-1.4 ...", bytes(100)])
def test_not_an_xlsx(content):
    assert only_problem(content).code == "file_not_xlsx"


def test_zip_that_is_not_a_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("word/document.xml", "<document/>")
    assert only_problem(out.getvalue(), "2025Q3.xlsx").code == "file_not_xlsx"


@pytest.mark.parametrize("cut", [100, 2000, -200])
def test_corrupt_or_truncated_file(cut):
    content = build_workbook([SheetSpec()])
    assert only_problem(content[:cut]).code == "file_corrupt"


def test_workbook_with_garbage_parts_is_corrupt():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("xl/workbook.xml", "this is not xml <<<")
    assert only_problem(out.getvalue()).code == "file_corrupt"


def test_empty_file():
    assert only_problem(b"").code == "file_empty"


def test_too_many_rows_from_the_sheet_dimension():
    content = build_workbook([SheetSpec(rows=default_rows(60))])
    result = read_workbook(content, "2025Q3.xlsx", limits=Limits(max_rows=50))
    assert [(p.code, p.sheet) for p in result.problems] == [("sheet_too_many_rows", "党建考核")]
    assert "50" in result.problems[0].render("zh")


def test_too_many_rows_without_a_dimension_element():
    content = build_workbook([SheetSpec(rows=default_rows(60))])
    zin = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
                assert b"<dimension" not in data
            zout.writestr(item, data)
    result = read_workbook(out.getvalue(), "2025Q3.xlsx", limits=Limits(max_rows=50))
    assert [p.code for p in result.problems] == ["sheet_too_many_rows"]


def test_rows_at_the_limit_are_fine():
    content = build_workbook([SheetSpec(rows=default_rows(60))])
    assert read_workbook(content, "2025Q3.xlsx", limits=Limits(max_rows=100)).ok


def test_damaged_sheet_part_is_reported_not_raised():
    content = build_workbook([SheetSpec()])
    zin = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut in the middle of the XML
            zout.writestr(item.filename, data)
    result = read_workbook(out.getvalue(), "2025Q3.xlsx")
    assert [(p.code, p.sheet) for p in result.problems] == [("sheet_corrupt", "党建考核")]


def test_too_many_columns():
    result = read_workbook(build_workbook([SheetSpec()]), "2025Q3.xlsx", limits=Limits(max_columns=5))
    assert [(p.code, p.sheet) for p in result.problems] == [("sheet_too_many_columns", "党建考核")]
    assert "5" in result.problems[0].render("en")


def test_a_member_larger_than_its_declared_size_is_refused():
    """A lying central directory cannot get past the declared-size check: every read is capped
    at the declared size (calamine refuses the part, ours stop there)."""
    content = build_workbook([SheetSpec(rows=default_rows(500))])
    zin = zipfile.ZipFile(io.BytesIO(content))
    members = []
    for info in zin.infolist():
        data = zin.read(info.filename)
        comp = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = comp.compress(data) + comp.flush()
        declared = 1000 if info.filename == "xl/worksheets/sheet1.xml" else len(data)
        members.append((info.filename, packed, zlib.crc32(data), len(packed), declared))
    result = read_workbook(_raw_zip(members), "2025Q3.xlsx")
    assert [(p.code, p.sheet) for p in result.problems] == [("sheet_corrupt", "党建考核")]


def test_used_area_over_the_cell_limit():
    content = build_workbook([SheetSpec(rows=default_rows(20))])
    result = read_workbook(content, "2025Q3.xlsx", limits=Limits(max_cells=200))
    assert [(p.code, p.sheet) for p in result.problems] == [("sheet_too_many_cells", "党建考核")]
    assert "200" in result.problems[0].render("en")
    assert read_workbook(content, "2025Q3.xlsx", limits=Limits(max_cells=2000)).ok
