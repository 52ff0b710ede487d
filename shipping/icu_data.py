"""ICU's data in the Linux bundle for the languages the desk speaks only.

Qt's wheel links ICU, whose data library (libicudata.so.NN, 31 MB) holds every CLDR locale's
names, units, currencies, time-zone names and collation. Qt uses ICU at run time for collation,
text codecs and case mapping; the desk speaks Simplified Chinese and English (ui/i18n.py), so the
other ~800 locales' resources are never opened. This rewrites the library with those left out:
its one exported symbol (icudtNN_dat, ICU's common data package) is read, the package is written
again without the other languages' locale bundles (`*.res` named like a locale: `fr.res`,
`coll/de.res`, `zone/ja.res`...), and a library of the same name exporting the same symbol is
built from it (gcc). Everything that is not a locale's bundle stays: root, the converters (GB18030
among them), normalisation, break rules and dictionaries (cjdict for Chinese), supplemental data,
time-zone rules, and every `en*`, `zh*` bundle. A locale asked for but gone falls back to root, as
ICU does for a locale it has never had.

    python -m shipping.icu_data BUNDLE_INTERNAL_DIR

Needs gcc and readelf at build time; Linux only (the Windows wheel's ICU is Windows' own)."""

from __future__ import annotations

import argparse
import re
import struct
import subprocess
import tempfile
from pathlib import Path

# Languages whose locale bundles stay (ISO 639 codes; every script and region of them). Cantonese
# (yue) stays because zh_Hant_HK's number spellings (rbnf) inherit from it.
KEPT_LANGUAGES = ("en", "zh", "yue")
# A locale's bundle name: language, then optional script/region/variant parts (an empty part
# too: `coll/de_.res` is German's phonebook collation, which depends on `coll/de.res`).
LOCALE_NAME = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*$")
# Names of that shape that are not a locale's bundle.
NOT_LOCALES = ("res_index",)
ALIGN = 16  # ICU's package items start at multiples of 16 (udata requires it)


def _readelf(*args: str) -> str:
    return subprocess.run(
        ["readelf", "-W", *args], check=True, capture_output=True, text=True
    ).stdout


def read_package(lib: Path) -> tuple[str, bytes]:
    """(symbol name, the package bytes) from a libicudata shared library."""
    syms = _readelf("--dyn-syms", str(lib))
    m = re.search(
        r"([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+DEFAULT\s+(\d+)\s+(icudt\w+_dat)\b",
        syms,
    )
    if m is None:
        raise ValueError(f"{lib} exports no icudt*_dat")
    value, size, index, name = int(m[1], 16), int(m[2], 0), int(m[3]), m[4]
    for line in _readelf("-S", str(lib)).splitlines():
        s = re.match(r"\s*\[\s*(\d+)\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if s and int(s[1]) == index:
            start = value - int(s[2], 16) + int(s[3], 16)
            return name, lib.read_bytes()[start : start + size]
    raise ValueError(f"{lib}: section {index} of {name} not found")


def items(package: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The package's header and its (name, data) items in table-of-contents order."""
    header_size = struct.unpack_from("<H", package, 0)[0]
    if package[2:4] != b"\xda\x27":
        raise ValueError("not an ICU data package")
    toc = package[header_size:]
    count = struct.unpack_from("<I", toc, 0)[0]
    entries = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    out = []
    for i, (name_at, data_at) in enumerate(entries):
        name = toc[name_at : toc.index(b"\0", name_at)].decode("ascii")
        end = entries[i + 1][1] if i + 1 < count else len(toc)
        out.append((name, toc[data_at:end]))
    return package[:header_size], out


def pack(header: bytes, kept: list[tuple[str, bytes]]) -> bytes:
    """A package of these items: the header, the table of contents, the names, the items (each
    at a multiple of 16 from the table's start, as ICU's own tools lay them out)."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in kept)
    toc_size = 4 + 8 * len(kept)
    data_start = -(-(toc_size + len(names)) // ALIGN) * ALIGN
    offsets, name_at, body = [], toc_size, bytearray()
    for name, data in kept:
        offsets.append((name_at, data_start + len(body)))
        name_at += len(name) + 1
        body += data + b"\0" * (-len(data) % ALIGN)
    toc = struct.pack("<I", len(kept)) + b"".join(struct.pack("<II", *o) for o in offsets)
    padding = b"\0" * (data_start - toc_size - len(names))
    return header + toc + names + padding + bytes(body)


def is_dropped(item: str) -> bool:
    base = item.rsplit("/", 1)[-1]
    stem, _, ext = base.rpartition(".")
    if ext != "res" or stem in NOT_LOCALES or not LOCALE_NAME.match(stem):
        return False
    return stem.split("_", 1)[0] not in KEPT_LANGUAGES


def build_library(symbol: str, package: bytes, soname: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        dat = Path(tmp) / "data.dat"
        dat.write_bytes(package)
        asm = Path(tmp) / "data.s"
        asm.write_text(
            "\n".join(
                [
                    '.section .rodata,"a"',
                    f".globl {symbol}",
                    f".type {symbol}, @object",
                    f".balign {ALIGN}",
                    f"{symbol}:",
                    f'.incbin "{dat}"',
                    f".size {symbol}, . - {symbol}",
                    '.section .note.GNU-stack,"",@progbits',
                    "",
                ]
            ),
            encoding="ascii",
        )
        subprocess.run(
            ["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", str(out), str(asm)],
            check=True,
        )


def trim(lib: Path) -> tuple[int, int, int]:
    """Rewrite `lib` in place; returns (items dropped, bytes before, bytes after)."""
    before = lib.stat().st_size
    symbol, package = read_package(lib)
    header, all_items = items(package)
    kept = [(n, d) for n, d in all_items if not is_dropped(n)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / lib.name
        build_library(symbol, pack(header, kept), lib.name, out)
        lib.write_bytes(out.read_bytes())
    return len(all_items) - len(kept), before, lib.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Keep only en and zh in the bundle's ICU data")
    parser.add_argument("internal", type=Path, help="the bundle's _internal folder")
    args = parser.parse_args(argv)
    for lib in sorted(args.internal.rglob("libicudata.so.*")):
        if lib.is_symlink():
            continue
        dropped, before, after = trim(lib)
        print(
            f"icu: {lib.name} {before / 2**20:.1f} MB -> {after / 2**20:.1f} MB ({dropped} locale bundles out)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
