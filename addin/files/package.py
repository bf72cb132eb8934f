"""A workbook package as zip members: read parts, replace or add a few, copy the rest raw.

Members chibo does not change are copied as their stored compressed bytes (never inflated
and deflated again), under a fresh local header without a data descriptor or ZIP64 field.
"""
from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .xmlparts import Node, parse

CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
STANDARD_MAIN_PART = "xl/workbook.xml"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
ZIP32_LIMIT = 0xFFFFFFFF
DEFLATE_LEVEL = 1  # a few percent larger than level 6, several times faster on big sheets
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_KEPT_FLAGS = 0x0806  # deflate option bits and UTF-8 names; no data descriptor, no encryption


@dataclass
class _Member:
    info: zipfile.ZipInfo | None  # the source member, when copied
    data: bytes | None = None  # new content, when replaced or added


class Package:
    """The members of a source package, with the changes to write into a new one."""

    def __init__(self, source: Path | bytes) -> None:
        """`source` is a package file, or the bytes of one (a blank workbook, `addin.files.blank`)."""
        self.source = source if isinstance(source, bytes) else Path(source)
        with zipfile.ZipFile(self._open()) as archive:
            self._infos = {info.filename: info for info in archive.infolist()}
        self._members: dict[str, _Member] = {name: _Member(info) for name, info in self._infos.items()}
        self._folded = {name.lower(): name for name in self._members}  # OPC: names compare case-insensitively
        self._read_cache: dict[str, bytes] = {}

    def _open(self) -> BinaryIO:
        return io.BytesIO(self.source) if isinstance(self.source, bytes) else open(self.source, "rb")

    def member(self, name: str) -> str:
        """The member's name as stored for the part `name` (a reference may differ in case)."""
        return self._folded.get(name.lower(), name)

    def __contains__(self, name: str) -> bool:
        return name.lower() in self._folded

    def read(self, name: str) -> bytes:
        name = self.member(name)
        member = self._members[name]
        if member.data is not None:
            return member.data
        if name not in self._read_cache:
            with zipfile.ZipFile(self._open()) as archive:
                self._read_cache[name] = archive.read(name)
        return self._read_cache[name]

    def write_part(self, name: str, data: bytes) -> None:
        """Replace a member (kept in place, under its stored name) or add one at the end."""
        name = self.member(name)
        member = self._members.get(name)
        if member is None:
            self._members[name] = _Member(None, data)
            self._folded[name.lower()] = name
        else:
            member.data = data

    def remove(self, name: str) -> None:
        name = self.member(name)
        self._members.pop(name, None)
        self._folded.pop(name.lower(), None)

    def save(self, target: Path) -> None:
        """Write the package: changed members deflated, the others copied as stored."""
        central: list[bytes] = []
        with self._open() as src, open(target, "wb") as out:
            for name, member in self._members.items():
                offset = out.tell()
                if offset > ZIP32_LIMIT:
                    raise ValueError("package too large")
                raw_name = name.encode("utf-8")
                if member.data is None and member.info is not None:
                    info = member.info
                    body = _stored_bytes(src, info)
                    method, crc, size = info.compress_type, info.CRC, info.file_size
                    flags = (info.flag_bits & _KEPT_FLAGS) | (0x0800 if not name.isascii() else 0)
                    dos_time, dos_date = _dos(info.date_time)
                    create = (info.create_system << 8) | min(info.create_version, 63)
                    internal, external = info.internal_attr, info.external_attr
                else:
                    data = member.data or b""
                    compressor = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
                    body = compressor.compress(data) + compressor.flush()
                    method, crc, size = zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data)
                    flags = 0x0800 if not name.isascii() else 0
                    dos_time, dos_date = _dos((1980, 1, 1, 0, 0, 0))
                    create, internal, external = 20, 0, 0
                if len(body) > ZIP32_LIMIT or size > ZIP32_LIMIT:
                    raise ValueError(f"part {name} too large")
                out.write(_LOCAL.pack(b"PK\x03\x04", 20, flags, method, dos_time, dos_date,
                                      crc, len(body), size, len(raw_name), 0))
                out.write(raw_name)
                out.write(body)
                central.append(_CENTRAL.pack(b"PK\x01\x02", create, 20, flags, method, dos_time, dos_date,
                                             crc, len(body), size, len(raw_name), 0, 0, 0, internal,
                                             external, offset) + raw_name)
            start = out.tell()
            for entry in central:
                out.write(entry)
            size = out.tell() - start
            if len(central) > 0xFFFF or start > ZIP32_LIMIT:
                raise ValueError("package too large")
            out.write(_END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), size, start, 0))

    # --- content types and relationships ------------------------------------------------

    def set_override(self, part: str, content_type: str | None) -> None:
        """Declare (or with None, drop) the content type of one part."""
        types = parse(self.read(CONTENT_TYPES))
        types.children = [c for c in types.children
                          if not (isinstance(c, Node) and c.name == "Override"
                                  and c.attrs.get("PartName", "").lstrip("/").lower() == part.lower())]
        if content_type is not None:
            types.children.append(Node("Override", {"PartName": "/" + part, "ContentType": content_type}))
        self.write_part(CONTENT_TYPES, _declared(types))

    def relationships(self, part: str) -> list[Node]:
        """The relationships of `part` (empty when it has none)."""
        rels = rels_name(part)
        if rels not in self:
            return []
        return parse(self.read(rels)).elements("Relationship")

    def target(self, part: str, rel_id: str) -> str | None:
        """The part a relationship of `part` points to (internal targets only)."""
        for rel in self.relationships(part):
            if rel.attrs.get("Id") == rel_id and rel.attrs.get("TargetMode") != "External":
                return resolve(part, rel.attrs.get("Target", ""))
        return None

    def add_relationship(self, part: str, rel_type: str, target: str, *, location: bool = False) -> str:
        """Add a relationship from `part` to the part `target` (or, with `location`, to a place written as is, like a
        hyperlink's "#Sheet!A1"); returns its new id."""
        rels = rels_name(part)
        tree = parse(self.read(rels)) if rels in self else Node("Relationships", {"xmlns": PKG_REL_NS})
        taken = {rel.attrs.get("Id") for rel in tree.elements("Relationship")}
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        rel_id = f"rId{number}"
        relative = target if location else posixpath.relpath(target, posixpath.dirname(part) or ".")
        tree.children.append(Node("Relationship", {"Id": rel_id, "Type": rel_type, "Target": relative}))
        self.write_part(rels, _declared(tree))
        return rel_id

    def drop_relationships_to(self, part: str, target: str) -> None:
        rels = rels_name(part)
        if rels not in self:
            return
        tree = parse(self.read(rels))
        kept = [c for c in tree.children if not (isinstance(c, Node) and c.name == "Relationship"
                                                   and c.attrs.get("TargetMode") != "External"
                                                   and resolve(part, c.attrs.get("Target", "")).lower() == target.lower())]
        if len(kept) != len(tree.children):
            tree.children = kept
            self.write_part(rels, _declared(tree))

    def free_name(self, pattern: str) -> str:
        """The first `pattern.format(n)` (n = 1, 2, …) no member has."""
        taken = {name.lower() for name in self._members}
        number = 1
        while pattern.format(number).lower() in taken:
            number += 1
        return pattern.format(number)


def main_part(archive: zipfile.ZipFile) -> str:
    """The workbook part the package relationships name (as referenced: compare it case-insensitively)."""
    members = {name.lower(): name for name in archive.namelist()}
    rels = members.get(PACKAGE_RELS)
    if rels is not None:
        for rel in parse(archive.read(rels)).elements("Relationship"):
            if rel.attrs.get("Type", "").endswith("/officeDocument") and rel.attrs.get("TargetMode") != "External":
                return rel.attrs.get("Target", "").lstrip("/")
    return STANDARD_MAIN_PART


def _declared(tree: Node) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + tree.render()).encode()


def rels_name(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def resolve(part: str, target: str) -> str:
    """The member a relationship target names, seen from `part`."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def _stored_bytes(src: BinaryIO, info: zipfile.ZipInfo) -> bytes:
    """The compressed bytes of a member, located through its own local header."""
    src.seek(info.header_offset)
    header = src.read(_LOCAL.size)
    if len(header) != _LOCAL.size or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header for {info.filename}")
    name_length, extra_length = struct.unpack("<2H", header[26:30])
    src.seek(info.header_offset + _LOCAL.size + name_length + extra_length)
    body = src.read(info.compress_size)
    if len(body) != info.compress_size:
        raise zipfile.BadZipFile(f"truncated member {info.filename}")
    return body


def _dos(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return (hour << 11) | (minute << 5) | (second // 2), (max(year, 1980) - 1980) << 9 | (month << 5) | day
