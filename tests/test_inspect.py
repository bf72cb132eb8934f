"""inspect_package and check_writable on real workbooks and on the bad-file corpus."""
from __future__ import annotations

import hashlib
import unicodedata
import zipfile
from pathlib import Path

import corpus
import olefile
import pytest

from addin.errors import UnreadableWorkbook, WorkbookBusy, WriteFailed
from addin.files import inspect as ins
from addin.files.inspect import check_writable, inspect_package, owner_files

VIETNAMESE_LETTERS = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def assert_vietnamese_about(message: str, path: Path) -> None:
    assert unicodedata.is_normalized("NFC", message)
    assert VIETNAMESE_LETTERS & set(message.lower()), message
    assert path.name in message, message


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- refusals ---------------------------------------------------------------------------

EXPECTED_WORDS = {
    "text": "văn bản", "csv": "CSV", "empty": "rỗng", "truncated": "hỏng", "corrupt_member": "hỏng",
    "encrypted": "bỏ mật khẩu", "xls": ".xls", "xls_renamed": ".xls", "zip_not_workbook": "không phải sổ tính",
    "no_workbook_part": "xl/workbook.xml", "xlsb": ".xlsb", "bomb_ratio": "bom nén", "bomb_total": "200 MB",
    "bomb_forged": "hỏng", "billion_laughs": "độc hại", "external_entity": "độc hại",
    "hostile_vml": "độc hại", "malformed_xml": "không phải XML hợp lệ",
}


@pytest.mark.parametrize("kind", sorted(corpus.BAD_FILES))
def test_bad_file_is_refused_untouched(tmp_path: Path, kind: str) -> None:
    path = corpus.BAD_FILES[kind](tmp_path)
    before = digest(path)
    with pytest.raises(UnreadableWorkbook) as caught:
        inspect_package(path)
    assert_vietnamese_about(caught.value.message, path)
    assert EXPECTED_WORDS[kind] in caught.value.message
    assert digest(path) == before


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "không có.xlsx"
    with pytest.raises(UnreadableWorkbook) as caught:
        inspect_package(path)
    assert_vietnamese_about(caught.value.message, path)


def test_corpus_files_are_what_they_claim(tmp_path: Path) -> None:
    with olefile.OleFileIO(str(corpus.old_xls(tmp_path))) as ole:
        assert ole.exists("Workbook") and not ole.exists("EncryptionInfo")
    with olefile.OleFileIO(str(corpus.encrypted(tmp_path))) as ole:
        assert ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage")
    with zipfile.ZipFile(corpus.bomb_by_ratio(tmp_path)) as archive:
        info = archive.getinfo("xl/media/padding.bin")
        assert info.file_size > ins.MAX_COMPRESSION_RATIO * info.compress_size


def test_actual_size_is_guarded_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even if a part slipped past the declared-size checks, reading stops at the budget."""
    path = corpus.workbook(tmp_path)
    monkeypatch.setattr(ins, "MAX_TOTAL_UNCOMPRESSED", 10**9)
    budget = ins._Budget(path)
    budget.remaining = 100
    with zipfile.ZipFile(path) as archive, pytest.raises(UnreadableWorkbook, match="bom nén"):
        budget.read(archive, archive.getinfo("xl/styles.xml"))


# --- reports ----------------------------------------------------------------------------

def test_plain_workbook_report(tmp_path: Path) -> None:
    path = corpus.workbook(tmp_path)
    report = inspect_package(path)
    assert report.sheet_names == ("Theo dõi", "Cài đặt")
    assert not report.is_macro_enabled and not report.has_vba
    assert report.size == path.stat().st_size and report.uncompressed_size > 0


# --- check_writable ---------------------------------------------------------------------

@pytest.mark.parametrize("owner", ["~$Sổ theo dõi.xlsx", "~$ theo dõi.xlsx"])
def test_owner_file_means_open_in_excel(tmp_path: Path, owner: str) -> None:
    path = corpus.workbook(tmp_path)
    (tmp_path / owner).write_bytes(b"\x05Hoang")
    with pytest.raises(WorkbookBusy) as caught:
        check_writable(path)
    assert_vietnamese_about(caught.value.message, path)
    assert "đang mở trong Excel" in caught.value.message and owner in caught.value.message


def test_owner_file_candidates() -> None:
    names = [p.name for p in owner_files(Path("KeHoach2027.xlsx"))]
    assert names == ["~$KeHoach2027.xlsx", "~$eHoach2027.xlsx", "~$Hoach2027.xlsx"]


def test_read_only_file_is_refused(tmp_path: Path) -> None:
    path = corpus.workbook(tmp_path)
    path.chmod(0o444)
    with pytest.raises(WriteFailed) as caught:
        check_writable(path)
    assert_vietnamese_about(caught.value.message, path)
    assert "chỉ đọc" in caught.value.message


def test_writable_file_and_new_file_pass(tmp_path: Path) -> None:
    check_writable(corpus.workbook(tmp_path))
    check_writable(tmp_path / "mới.xlsx")
