"""The .chiso zip container: written in one canonical layout, read with suspicion.

Writing: entries in a fixed order with fixed metadata (1980-01-01 timestamps,
mode 0644, no extra fields or comments). ``manifest.json`` and
``manifest.sig`` are stored uncompressed; payloads are deflated and the
manifest records the hash of their stored (compressed) bytes. So every byte
of a bundle is either covered by the signature or fixed by this layout, and
the reader can demand the file be byte-identical to the canonical layout
rebuilt from what it read: any change anywhere is refused.

Reading: the central directory is parsed with ``zipfile`` and every entry is
checked (name, type, flags, method, declared sizes, ratio) before a single
byte of content is used.
"""

from __future__ import annotations

import io
import stat
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from chiso_desktop.bundle.errors import BundleRefused, Reason
from chiso_desktop.bundle.manifest import ENTRY_NAME, MANIFEST_NAME, RESERVED_NAMES, SIGNATURE_NAME
from chiso_desktop.i18n import _

EXTENSION = ".chiso"
_DOS_TIME = 0
_DOS_DATE = (1 << 5) | 1  # 1980-01-01
_VERSION = 20  # 2.0: deflate, no zip64
_MADE_BY = (3 << 8) | _VERSION  # Unix, so the mode below is meaningful
_EXTERNAL_ATTR = (stat.S_IFREG | 0o644) << 16
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_LOCAL_SIG, _CENTRAL_SIG, _END_SIG = 0x04034B50, 0x02014B50, 0x06054B50
DEFLATE_LEVEL = 6


@dataclass(frozen=True)
class Limits:
    """How much a bundle may hold; checked on declared sizes and enforced while reading."""

    max_entry_size: int = 50 * 1024 * 1024
    max_total_size: int = 100 * 1024 * 1024
    max_ratio: int = 100
    ratio_floor: int = 64 * 1024  # smaller entries are harmless whatever their ratio
    max_entries: int = 64
    max_manifest_size: int = 1024 * 1024

    @property
    def max_file_size(self) -> int:
        """A bundle never needs more bytes than its content plus headers."""
        return self.max_total_size + 1024 * 1024


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class StoredEntry:
    """One entry as it sits in the file: name, method, stored bytes, and content facts."""

    name: str
    method: int
    stored: bytes
    size: int
    crc: int


def deflate(data: bytes, level: int = DEFLATE_LEVEL) -> bytes:
    """Raw deflate, as zip stores it."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def exceeds_ratio(size: int, stored_size: int, limits: Limits) -> bool:
    """The reader's zip-bomb rule: a large entry compressed more than ``max_ratio`` : 1."""
    return size > limits.ratio_floor and size > limits.max_ratio * max(stored_size, 1)


def stored_entry(name: str, content: bytes, *, compress: bool,
                 limits: Limits = DEFAULT_LIMITS) -> StoredEntry:
    """An entry as it will sit in the zip; deflated payloads keep within the ratio rule.

    Honest but very repetitive content (a period whose notes repeat one sentence) can
    deflate better than the reader's zip-bomb ratio allows. Such an entry is written as a
    deflate stream of stored blocks (level 0): still method 8, as the format requires,
    and read by every version, only larger.
    """
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    stored = deflate(content) if compress else content
    if compress and exceeds_ratio(len(content), len(stored), limits):
        stored = deflate(content, level=0)
    return StoredEntry(name, method, stored, len(content), zlib.crc32(content))


def canonical_order(names: Sequence[str]) -> list[str]:
    """manifest.json, manifest.sig, then the payloads by name."""
    payloads = sorted(n for n in names if n not in RESERVED_NAMES)
    return [n for n in RESERVED_NAMES if n in names] + payloads


def build_zip(entries: Sequence[StoredEntry]) -> bytes:
    """Serialise entries in the canonical layout (a plain zip any tool can open)."""
    out = io.BytesIO()
    central = io.BytesIO()
    for e in entries:
        name = e.name.encode("ascii")
        offset = out.tell()
        out.write(
            _LOCAL.pack(
                _LOCAL_SIG,
                _VERSION,
                0,
                e.method,
                _DOS_TIME,
                _DOS_DATE,
                e.crc,
                len(e.stored),
                e.size,
                len(name),
                0,
            )
        )
        out.write(name)
        out.write(e.stored)
        central.write(
            _CENTRAL.pack(
                _CENTRAL_SIG,
                _MADE_BY,
                _VERSION,
                0,
                e.method,
                _DOS_TIME,
                _DOS_DATE,
                e.crc,
                len(e.stored),
                e.size,
                len(name),
                0,
                0,
                0,
                0,
                _EXTERNAL_ATTR,
                offset,
            )
        )
        central.write(name)
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    out.write(_END.pack(_END_SIG, 0, 0, len(entries), len(entries), len(directory), start, 0))
    return out.getvalue()


# -- reading ------------------------------------------------------------------------------


def _refuse(reason: Reason, message: str) -> BundleRefused:
    return BundleRefused(reason, message)


@contextmanager
def _zip_errors() -> Iterator[None]:
    """zipfile is not hardened against hostile input; whatever it raises means 'not a zip'."""
    try:
        yield
    except BundleRefused:
        raise
    except Exception as exc:
        raise _refuse(
            Reason.NOT_A_ZIP, _("The file is not a bundle, or it is damaged or truncated.")
        ) from exc


def _check_name(name: str) -> None:
    unsafe = (
        not name
        or name.startswith(("/", "\\"))
        or "\\" in name
        or ":" in name
        or "\x00" in name
        or ".." in name.split("/")
        or "/" in name
    )
    if unsafe or not (name in RESERVED_NAMES or ENTRY_NAME.fullmatch(name)):
        raise _refuse(
            Reason.UNSAFE_ENTRY_NAME,
            _("The bundle contains an entry with an unsafe name: {name}").format(name=name[:80]),
        )


def _check_info(info: zipfile.ZipInfo, limits: Limits) -> None:
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise _refuse(
            Reason.SYMLINK_ENTRY,
            _("The bundle contains a symbolic link ({name}).").format(name=info.filename[:80]),
        )
    if info.is_dir() or stat.S_IFMT(mode) not in (0, stat.S_IFREG):
        raise _refuse(
            Reason.UNSUPPORTED_ENTRY,
            _("The bundle contains an entry that is not a plain file ({name}).").format(
                name=info.filename[:80]
            ),
        )
    if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _refuse(
            Reason.UNSUPPORTED_ENTRY,
            _("The bundle contains an encrypted entry or an unknown compression ({name}).").format(
                name=info.filename[:80]
            ),
        )
    if info.file_size > limits.max_entry_size:
        raise _refuse(
            Reason.TOO_LARGE,
            _("An entry of the bundle is larger than allowed ({name}).").format(
                name=info.filename[:80]
            ),
        )
    if exceeds_ratio(info.file_size, info.compress_size, limits):
        raise _refuse(
            Reason.COMPRESSION_RATIO,
            _("An entry of the bundle is compressed suspiciously well ({name}).").format(
                name=info.filename[:80]
            ),
        )


def _stored_bytes(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """The entry's bytes as stored, located through its local header."""
    start = info.header_offset
    if start < 0 or start + _LOCAL.size > len(data):
        raise _refuse(Reason.NOT_A_ZIP, _("The bundle is damaged or truncated."))
    fields = _LOCAL.unpack_from(data, start)
    begin = start + _LOCAL.size + fields[9] + fields[10]
    end = begin + info.compress_size
    if fields[0] != _LOCAL_SIG or end > len(data):
        raise _refuse(Reason.NOT_A_ZIP, _("The bundle is damaged or truncated."))
    return data[begin:end]


@dataclass(frozen=True)
class RawContainer:
    """A zip whose structure passed every check; content not yet trusted."""

    data: bytes
    infos: dict[str, zipfile.ZipInfo]
    stored: dict[str, bytes]

    def reserved(self, name: str, limit: int) -> bytes:
        """manifest.json or manifest.sig: stored uncompressed, size-checked."""
        info = self.infos.get(name)
        if info is None:
            raise _refuse(Reason.MISSING_ENTRY, _("The bundle has no {name}.").format(name=name))
        raw = self.stored[name]
        if info.compress_type != zipfile.ZIP_STORED or len(raw) != info.file_size:
            raise _refuse(Reason.NOT_CANONICAL, _("The bundle's layout is not canonical."))
        if len(raw) > limit:
            raise _refuse(
                Reason.TOO_LARGE, _("The bundle's {name} is too large.").format(name=name)
            )
        return raw


def open_container(data: bytes, limits: Limits = DEFAULT_LIMITS) -> RawContainer:
    """Parse and check the zip structure; refuse before any content is decompressed."""
    if len(data) > limits.max_file_size:
        raise _refuse(Reason.TOO_LARGE, _("The file is larger than any bundle may be."))
    # The canonical layout ends with a comment-less end record: check it (and the entry
    # count) before zipfile walks a central directory of any length.
    end = data[-_END.size :]
    if len(end) < _END.size or end[:4] != _END_SIG.to_bytes(4, "little"):
        raise _refuse(
            Reason.NOT_A_ZIP, _("The file is not a bundle, or it is damaged or truncated.")
        )
    if _END.unpack(end)[4] > limits.max_entries:
        raise _refuse(Reason.UNSUPPORTED_ENTRY, _("The bundle has too many entries."))
    with _zip_errors(), zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
    if len(infos) > limits.max_entries:
        raise _refuse(Reason.UNSUPPORTED_ENTRY, _("The bundle has too many entries."))
    for info in infos:
        _check_name(info.filename)
    counts = Counter(info.filename.lower() for info in infos)
    duplicates = sorted(name for name, n in counts.items() if n > 1)
    if duplicates:
        raise _refuse(
            Reason.DUPLICATE_ENTRY,
            _("The bundle contains the entry {name} more than once.").format(name=duplicates[0]),
        )
    total = 0
    for info in infos:
        _check_info(info, limits)
        total += info.file_size
    if total > limits.max_total_size:
        raise _refuse(Reason.TOO_LARGE, _("The bundle's content is larger than allowed."))
    with _zip_errors():
        stored = {info.filename: _stored_bytes(data, info) for info in infos}
    return RawContainer(data, {info.filename: info for info in infos}, stored)


def inflate_bounded(stored: bytes, size: int) -> bytes | None:
    """Decompress at most ``size`` bytes; None unless the stream is exactly that long."""
    try:
        inflater = zlib.decompressobj(-15)
        out = inflater.decompress(stored, size + 1)
    except zlib.error:
        return None
    if len(out) != size or not inflater.eof or inflater.unused_data or inflater.unconsumed_tail:
        return None
    return out


def check_canonical(container: RawContainer, entries: Sequence[StoredEntry]) -> None:
    """Refuse unless the file is byte-for-byte the canonical layout of its entries."""
    order = canonical_order([e.name for e in entries])
    by_name = {e.name: e for e in entries}
    if build_zip([by_name[n] for n in order]) != container.data:
        raise _refuse(
            Reason.NOT_CANONICAL,
            _("The bundle's file layout was altered after it was signed."),
        )


__all__ = [
    "DEFAULT_LIMITS",
    "EXTENSION",
    "MANIFEST_NAME",
    "SIGNATURE_NAME",
    "Limits",
    "RawContainer",
    "StoredEntry",
    "build_zip",
    "canonical_order",
    "check_canonical",
    "inflate_bounded",
    "open_container",
    "stored_entry",
]
