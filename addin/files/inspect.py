"""Look at a workbook package before anything parses it.

`inspect_package` refuses files chibo cannot open safely (missing, empty, old `.xls`,
password-protected, not a zip, truncated, zip bombs, hostile XML). Nothing is refused for
what it holds: a refresh patches the package and keeps every part it does not own (DESIGN §5).
`check_writable` refuses a workbook that Excel holds open or that is read-only; `read_only_folder` tells
whether chibo may create files in a folder.
"""
from __future__ import annotations

import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

import olefile
from defusedxml import DefusedXmlException

from addin.errors import UnreadableWorkbook, WorkbookBusy, WriteFailed

from .xmlparts import secure_parser

MIB = 1 << 20
MAX_TOTAL_UNCOMPRESSED = 200 * MIB  # declared and actual, all parts together
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM = 10 * MIB  # smaller parts may compress as well as they like
MAX_PARTS = 10_000
READ_CHUNK = 64 * 1024
SNIFF_BYTES = 4096

OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
ZIP_MAGIC = b"PK"
CONTENT_TYPES = "[Content_Types].xml"
VBA_PROJECT = "xl/vbaProject.bin"

WORKBOOK_TYPES = {  # workbook main part content type -> macro-enabled
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": False,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": False,
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": True,
    "application/vnd.ms-excel.template.macroEnabled.main+xml": True,
    "application/vnd.ms-excel.addin.macroEnabled.main+xml": True,
}
XLSB_TYPE = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"
KEPT_ATTRIBUTES = frozenset({"Override", "Default", "Relationship", "sheet"})
PACKAGE_RELS = "_rels/.rels"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
VML_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class PackageReport:
    """What a workbook package holds, once it is known safe to open."""

    path: Path
    is_macro_enabled: bool
    has_vba: bool
    sheet_names: tuple[str, ...]
    size: int
    uncompressed_size: int


def inspect_package(path: Path) -> PackageReport:
    """Refuse a file chibo cannot open safely, else report what it holds; never writes."""
    path = Path(path)
    try:
        size = _check_container(path)
        with zipfile.ZipFile(path) as archive:
            return _inspect_archive(path, archive, size)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise _refused(
            path,
            "bị hỏng hoặc không đầy đủ (có thể do sao chép/tải về bị ngắt giữa chừng)",
            "Hãy lấy lại bản đầy đủ của tệp (hoặc bản sao lưu) rồi chạy lại",
        ) from exc
    except OSError as exc:
        raise _refused(path, f"không đọc được ({exc.strerror or exc})",
                       "Hãy kiểm tra quyền truy cập tệp rồi chạy lại") from exc


def owner_files(path: Path) -> tuple[Path, ...]:
    """Owner (lock) files Office may create beside `path` while it is open.

    Excel writes `~$` + the full name; Word-style truncation drops the first one or
    two characters of longer names. Any of them present means "open elsewhere".
    """
    name = path.name
    candidates = dict.fromkeys(["~$" + name, "~$" + name[1:], "~$" + name[2:]])
    return tuple(path.with_name(candidate) for candidate in candidates)


def read_only_folder(folder: Path) -> bool:
    """Whether chibo may not create files in `folder`: the user has no right to, or (outside Windows, where a
    folder's read-only attribute means nothing) the folder is marked read-only, which chibo respects even when
    its user could override it."""
    if not os.access(folder, os.W_OK | os.X_OK):
        return True
    return os.name != "nt" and not folder.stat().st_mode & stat.S_IWUSR


def check_writable(path: Path) -> None:
    """Raise WorkbookBusy when Excel holds `path` open, WriteFailed when it is read-only."""
    path = Path(path)
    for owner in owner_files(path):
        if owner.exists():
            raise WorkbookBusy(
                f"Tệp “{path.name}” đang mở trong Excel (có tệp khóa “{owner.name}”). "
                "Hãy đóng tệp rồi chạy lại."
            )
    folder = path.parent
    if read_only_folder(folder):
        raise WriteFailed(
            f"Không ghi được tệp “{path.name}”: thư mục “{folder}” chỉ cho phép đọc. "
            "Hãy chép tệp sang thư mục khác hoặc xin quyền ghi rồi chạy lại."
        )
    if not path.exists():
        return
    if not path.stat().st_mode & stat.S_IWUSR:
        raise WriteFailed(
            f"Tệp “{path.name}” đang đặt chế độ chỉ đọc (read-only). "
            "Hãy bỏ chế độ chỉ đọc trong Thuộc tính (Properties) của tệp rồi chạy lại."
        )
    try:
        with open(path, "r+b"):  # fails on Windows while Excel holds the file
            pass
    except PermissionError as exc:
        raise WorkbookBusy(
            f"Tệp “{path.name}” đang mở trong Excel (hoặc chương trình khác giữ tệp) nên không ghi được. "
            "Hãy đóng tệp rồi chạy lại; nếu tệp không mở ở đâu, hãy kiểm tra quyền ghi."
        ) from exc


def _refused(path: Path, problem: str, todo: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(f"Tệp “{path.name}” {problem}. {todo}.")


def _check_container(path: Path) -> int:
    """Refuse what is no zip package at all; return the size in bytes."""
    if not path.exists():
        raise _refused(path, f"không tồn tại trong thư mục “{path.parent}”",
                       "Hãy kiểm tra lại tên và đường dẫn tệp")
    if not path.is_file():
        raise _refused(path, "không phải là tệp (có thể là thư mục)", "Hãy chọn một tệp .xlsx/.xlsm")
    size = path.stat().st_size
    if size == 0:
        raise _refused(path, "rỗng (0 byte), có thể chưa sao chép hoặc tải về xong",
                       "Hãy lấy lại bản đầy đủ của tệp (hoặc bản sao lưu) rồi chạy lại")
    with open(path, "rb") as stream:
        head = stream.read(SNIFF_BYTES)
    if head.startswith(OLE_MAGIC):
        raise _ole_refusal(path)
    if not head.startswith(ZIP_MAGIC):
        looks_like_text = b"\0" not in head
        raise _refused(
            path,
            "không phải sổ tính Excel .xlsx/.xlsm"
            + (" (nội dung là văn bản, có thể là tệp CSV/HTML bị đổi đuôi)" if looks_like_text else ""),
            "Hãy mở bằng Excel và lưu lại dạng .xlsx/.xlsm rồi chạy lại",
        )
    return size


def _ole_refusal(path: Path) -> UnreadableWorkbook:
    """Tell an encrypted OOXML workbook from an old binary .xls (both are OLE files)."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            encrypted = ole.exists("EncryptionInfo")
            legacy = ole.exists("Workbook") or ole.exists("Book")
    except OSError:
        encrypted = legacy = False
    if encrypted:
        return _refused(path, "có mật khẩu (đã mã hóa) nên chibo không đọc được",
                        "Hãy bỏ mật khẩu rồi chạy lại (Excel: Tệp › Thông tin › Bảo vệ sổ làm việc "
                        "› Mã hóa bằng mật khẩu, xóa mật khẩu)")
    if legacy:
        return _refused(path, "là định dạng Excel cũ (.xls 97–2003)",
                        "Hãy mở bằng Excel và lưu lại dạng .xlsx/.xlsm rồi chạy lại")
    return _refused(path, "là tệp Office cũ (OLE) nhưng không phải sổ tính Excel",
                    "Hãy chọn đúng tệp sổ tính .xlsx/.xlsm")


class _Budget:
    """Decompressed bytes still allowed while reading one package."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.remaining = MAX_TOTAL_UNCOMPRESSED

    def chunks(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """Yield a part's bytes, stopping as soon as it outgrows its declared size or the budget."""
        produced = 0
        with archive.open(info) as stream:
            while chunk := stream.read(READ_CHUNK):
                produced += len(chunk)
                self.remaining -= len(chunk)
                if produced > info.file_size or self.remaining < 0:
                    raise _bomb(self.path, f"phần {info.filename} giải nén lớn hơn kích thước khai báo")
                yield chunk

    def read(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
        return b"".join(self.chunks(archive, info))


def _bomb(path: Path, detail: str) -> UnreadableWorkbook:
    return _refused(
        path,
        f"có dấu hiệu “bom nén” ({detail}), chibo không mở để tránh treo máy",
        "Hãy mở bằng Excel, lưu thành tệp mới rồi chạy lại; nếu tệp không rõ nguồn gốc, đừng mở",
    )


class _PartScan:
    """Parser handlers keeping the attributes of a few elements (content types, sheet names)."""

    def __init__(self, parser: expat.XMLParserType, *, watch: bool) -> None:
        self.kept: list[tuple[str, dict[str, str]]] = []
        self.strict = False  # the root is in Strict OOXML's SpreadsheetML namespace
        self._root = True
        if watch:
            parser.StartElementHandler = self.start

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if self._root:
            self._root = False
            self.strict = tag.rpartition("}")[0] == STRICT_MAIN
        name = tag.rpartition("}")[2]
        if name in KEPT_ATTRIBUTES:
            self.kept.append((name, attrib))

    def attributes(self, element: str) -> list[dict[str, str]]:
        return [attrib for name, attrib in self.kept if name == element]


def _scan_xml(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget,
              *, watch: bool = True) -> _PartScan:
    """Parse one XML part with DTDs and entities forbidden, streaming under the size budget;
    without `watch` the part is only checked and the scan stays empty."""
    parser = secure_parser()
    scan = _PartScan(parser, watch=watch)
    try:
        for chunk in budget.chunks(archive, info):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except DefusedXmlException as exc:
        raise _refused(
            path,
            f"chứa XML có khai báo DTD/thực thể ở phần {info.filename} — dấu hiệu tệp độc hại "
            "(“billion laughs”, thực thể ngoài), chibo không mở",
            "Hãy mở bằng Excel, lưu thành tệp mới rồi chạy lại; nếu tệp không rõ nguồn gốc, đừng mở",
        ) from exc
    except expat.ExpatError as exc:
        raise _refused(path, f"bị hỏng: phần {info.filename} không phải XML hợp lệ",
                       "Hãy mở bằng Excel (Excel sẽ đề nghị sửa), lưu lại rồi chạy lại") from exc
    return scan


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo]) -> int:
    """Refuse by declared sizes, before anything is decompressed; return the declared total."""
    if len(infos) > MAX_PARTS:
        raise _bomb(path, f"{len(infos)} phần, giới hạn {MAX_PARTS}")
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise _bomb(path, f"giải nén ra {total // MIB} MB, giới hạn {MAX_TOTAL_UNCOMPRESSED // MIB} MB")
    for info in infos:
        if info.file_size > RATIO_CHECKED_FROM and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise _bomb(path, f"phần {info.filename} nén hơn {MAX_COMPRESSION_RATIO} lần")
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise _refused(path, "bị hỏng: có hai phần trùng tên trong gói", "Hãy mở bằng Excel, lưu lại rồi chạy lại")
    return total


def _inspect_archive(path: Path, archive: zipfile.ZipFile, size: int) -> PackageReport:
    infos = archive.infolist()
    uncompressed = _check_sizes(path, infos)
    by_name = {info.filename: info for info in infos}
    if CONTENT_TYPES not in by_name:
        raise _refused(path, "là tệp nén (zip) nhưng không phải sổ tính Excel (thiếu [Content_Types].xml)",
                       "Hãy chọn đúng tệp .xlsx/.xlsm")
    budget = _Budget(path)
    types = _scan_xml(path, archive, by_name[CONTENT_TYPES], budget)
    # OPC: part names compare case-insensitively; an <Override> or a <Default> by extension declares a type.
    members = {name.lower(): name for name in by_name}
    overrides = {a.get("PartName", "").lstrip("/").lower(): a.get("ContentType", "") for a in types.attributes("Override")}
    defaults = {a.get("Extension", "").lower(): a.get("ContentType", "") for a in types.attributes("Default")}

    def content_type(part: str) -> str:
        return overrides.get(part.lower()) or defaults.get(part.rpartition(".")[2].lower(), "")

    if XLSB_TYPE in overrides.values():
        raise _refused(path, "là định dạng nhị phân .xlsb",
                       "Hãy mở bằng Excel và lưu lại dạng .xlsx/.xlsm rồi chạy lại")
    main = _main_part(path, archive, members, budget)
    workbook_part = members.get(main.lower()) if main is not None else None
    if workbook_part is None:  # no package relationship to it: the part declared as a workbook
        workbook_part = next((members[part] for part, kind in overrides.items() if kind in WORKBOOK_TYPES
                              and part in members), None)
    if workbook_part is None or content_type(workbook_part) not in WORKBOOK_TYPES:
        if workbook_part is not None:
            missing = f"phần {workbook_part} không được khai báo là sổ tính"
        elif main:
            missing = f"thiếu phần {main} mà gói trỏ tới"
        else:
            missing = "không có phần sổ tính (workbook) nào được khai báo trong gói"
        raise _refused(path, f"là tệp nén (zip) nhưng không phải sổ tính Excel ({missing})",
                       "Hãy chọn đúng tệp .xlsx/.xlsm")
    is_macro_enabled = WORKBOOK_TYPES[content_type(workbook_part)]

    for info in infos:
        lowered = info.filename.lower()
        if info.filename not in (CONTENT_TYPES, workbook_part) and lowered.endswith((".xml", ".rels")):
            _scan_xml(path, archive, info, budget, watch=False)
        elif lowered.endswith(".vml"):
            _read_vml(path, archive, info, budget)
    book = _scan_xml(path, archive, by_name[workbook_part], budget)
    if book.strict:
        raise _strict(path)
    sheets = tuple(a.get("name", "") for a in book.attributes("sheet"))
    return PackageReport(
        path=path,
        is_macro_enabled=is_macro_enabled,
        has_vba=VBA_PROJECT in by_name,
        sheet_names=sheets,
        size=size,
        uncompressed_size=uncompressed,
    )


def _main_part(path: Path, archive: zipfile.ZipFile, members: dict[str, str], budget: _Budget) -> str | None:
    """The workbook part the package relationships name (its officeDocument), None when they name none."""
    rels = members.get(PACKAGE_RELS)
    if rels is None:
        return None
    for rel in _scan_xml(path, archive, archive.getinfo(rels), budget).attributes("Relationship"):
        kind = rel.get("Type", "")
        if kind == STRICT_OFFICE_DOCUMENT:
            raise _strict(path)
        if kind.endswith("/officeDocument") and rel.get("TargetMode") != "External":
            return rel.get("Target", "").lstrip("/")
    return None


def _strict(path: Path) -> UnreadableWorkbook:
    return _refused(
        path,
        "được lưu ở định dạng “Strict Open XML Spreadsheet”; chibo chưa đọc và ghi được định dạng này "
        "(tệp không hỏng)",
        "Trong Excel chọn File → Save As, ở “Save as type” chọn “Excel Workbook (*.xlsx)” (hoặc “Excel Macro-Enabled "
        "Workbook (*.xlsm)”), lưu rồi chạy lại với tệp mới",
    )


def _read_vml(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    """Read a legacy VML part; Excel's VML is not well-formed XML, so only refuse declarations."""
    text = budget.read(archive, info)
    if VML_DECLARATION.search(text):
        raise _refused(
            path,
            f"chứa khai báo DTD/thực thể ở phần {info.filename} — dấu hiệu tệp độc hại, chibo không mở",
            "Hãy mở bằng Excel, lưu thành tệp mới rồi chạy lại; nếu tệp không rõ nguồn gốc, đừng mở",
        )
    return text
