"""One OpenBLAS in the Linux bundle: OpenCV's wheel carries its own (libopenblasp-r0-*.so, 37 MB
with its Fortran runtime, kernels for every CPU generation) beside numpy's, for the 19 BLAS and
LAPACK routines cv2 calls (LU, Cholesky, QR, SVD, eigenvalues, matrix products: cv2.solve,
cv2.invert, getPerspectiveTransform in the OCR's text-box rectification...).

After PyInstaller has collected the bundle, this replaces OpenCV's OpenBLAS with a small library
of the same file name that exports those routines and hands each call to numpy's OpenBLAS
(scipy-openblas64: the same routines under a `scipy_` prefix and a `64_` suffix, with 64-bit
integers). Integers are widened on the way in and narrowed on the way out (LAPACK's pivot indices
included); everything else is passed as it is. The routines cv2 imports are read from cv2 itself:
a new OpenCV that needs one more routine stops the build here instead of failing at an outlet.
Then OpenCV's Fortran runtime, needed by nothing any more, is deleted.

    python -m shipping.opencv_blas BUNDLE_INTERNAL_DIR

Needs gcc and readelf at build time; Linux only."""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from shipping.opencv_ffmpeg_stub import imported_symbols, needed

# Each routine: its C parameters as (type, name), where the types are
#   I  an int the routine reads (a dimension, a leading dimension, lwork): widened
#   O  the int `info` the routine writes: narrowed back
#   P  an int array the routine writes (pivots), of the length given by the expression: both ways
#   W  an int workspace of the length given by the expression: widened storage, not copied back
#   C  a character flag (const char *), with its hidden Fortran length at the end
#   E  a CBLAS enum (order, transpose), passed as it is
#   N  a CBLAS dimension passed by value: widened
#   else a C type passed as it is (pointers to the matrices, scalars).
S, D = "float", "double"
LAPACK: dict[str, list[tuple[str, str]]] = {}
for t, p in ((S, "s"), (D, "d")):
    LAPACK[f"{p}gesv_"] = [
        ("I", "n"),
        ("I", "nrhs"),
        (f"{t} *", "a"),
        ("I", "lda"),
        ("P:*n", "ipiv"),
        (f"{t} *", "b"),
        ("I", "ldb"),
        ("O", "info"),
    ]
    LAPACK[f"{p}getrf_"] = [
        ("I", "m"),
        ("I", "n"),
        (f"{t} *", "a"),
        ("I", "lda"),
        ("P:(*m < *n ? *m : *n)", "ipiv"),
        ("O", "info"),
    ]
    LAPACK[f"{p}potrf_"] = [("C", "uplo"), ("I", "n"), (f"{t} *", "a"), ("I", "lda"), ("O", "info")]
    LAPACK[f"{p}posv_"] = [
        ("C", "uplo"),
        ("I", "n"),
        ("I", "nrhs"),
        (f"{t} *", "a"),
        ("I", "lda"),
        (f"{t} *", "b"),
        ("I", "ldb"),
        ("O", "info"),
    ]
    LAPACK[f"{p}gels_"] = [
        ("C", "trans"),
        ("I", "m"),
        ("I", "n"),
        ("I", "nrhs"),
        (f"{t} *", "a"),
        ("I", "lda"),
        (f"{t} *", "b"),
        ("I", "ldb"),
        (f"{t} *", "work"),
        ("I", "lwork"),
        ("O", "info"),
    ]
    LAPACK[f"{p}geqrf_"] = [
        ("I", "m"),
        ("I", "n"),
        (f"{t} *", "a"),
        ("I", "lda"),
        (f"{t} *", "tau"),
        (f"{t} *", "work"),
        ("I", "lwork"),
        ("O", "info"),
    ]
    LAPACK[f"{p}gesdd_"] = [
        ("C", "jobz"),
        ("I", "m"),
        ("I", "n"),
        (f"{t} *", "a"),
        ("I", "lda"),
        (f"{t} *", "s"),
        (f"{t} *", "u"),
        ("I", "ldu"),
        (f"{t} *", "vt"),
        ("I", "ldvt"),
        (f"{t} *", "work"),
        ("I", "lwork"),
        ("W:8 * (*m < *n ? *m : *n)", "iwork"),
        ("O", "info"),
    ]
    LAPACK[f"{p}geev_"] = [
        ("C", "jobvl"),
        ("C", "jobvr"),
        ("I", "n"),
        (f"{t} *", "a"),
        ("I", "lda"),
        (f"{t} *", "wr"),
        (f"{t} *", "wi"),
        (f"{t} *", "vl"),
        ("I", "ldvl"),
        (f"{t} *", "vr"),
        ("I", "ldvr"),
        (f"{t} *", "work"),
        ("I", "lwork"),
        ("O", "info"),
    ]

CBLAS: dict[str, list[tuple[str, str]]] = {}
for t, p, scalar in (
    (S, "s", S),
    (D, "d", D),
    ("void", "c", "const void *"),
    ("void", "z", "const void *"),
):
    CBLAS[f"cblas_{p}gemm"] = [
        ("E", "order"),
        ("E", "transa"),
        ("E", "transb"),
        ("N", "m"),
        ("N", "n"),
        ("N", "k"),
        (scalar, "alpha"),
        (f"const {t} *", "a"),
        ("N", "lda"),
        (f"const {t} *", "b"),
        ("N", "ldb"),
        (scalar, "beta"),
        (f"{t} *", "c"),
        ("N", "ldc"),
    ]

ROUTINES = {**LAPACK, **CBLAS}


def target_name(routine: str) -> str:
    """numpy's name for it: dgesv_ -> scipy_dgesv_64_, cblas_dgemm -> scipy_cblas_dgemm64_."""
    return f"scipy_{routine}64_"


def _forwarder(routine: str, params: list[tuple[str, str]]) -> str:
    decl, pre, args, post, lengths, proto = [], [], [], [], [], []
    for kind, name in params:
        code, _, length = kind.partition(":")
        if code == "I":
            decl.append(f"const int *{name}")
            pre.append(f"    long long {name}64 = *{name};")
            args.append(f"&{name}64")
            proto.append("const long long *")
        elif code == "O":
            decl.append(f"int *{name}")
            pre.append(f"    long long {name}64 = 0;")
            args.append(f"&{name}64")
            post.append(f"    *{name} = (int){name}64;")
            proto.append("long long *")
        elif code in ("P", "W"):
            decl.append(f"int *{name}")
            pre.append(f"    long long {name}_n = {length};")
            pre.append(f"    long long *{name}64 = calloc({name}_n > 0 ? {name}_n : 1, 8);")
            pre.append(f'    if (!{name}64) chudan_blas_abort("{routine}");')
            if code == "P":
                pre.append(f"    for (long long i = 0; i < {name}_n; i++) {name}64[i] = {name}[i];")
                post.append(
                    f"    for (long long i = 0; i < {name}_n; i++) {name}[i] = (int){name}64[i];"
                )
            post.append(f"    free({name}64);")
            args.append(f"{name}64")
            proto.append("long long *")
        elif code == "C":
            decl.append(f"const char *{name}")
            args.append(name)
            lengths.append(f"{name}_len")
            proto.append("const char *")
        elif code == "E":
            decl.append(f"int {name}")
            args.append(name)
            proto.append("int")
        elif code == "N":
            decl.append(f"int {name}")
            args.append(f"(long long){name}")
            proto.append("long long")
        else:
            decl.append(f"{kind} {name}")
            args.append(name)
            proto.append(kind)
    decl += [f"size_t {n}" for n in lengths]
    args += lengths
    proto += ["size_t"] * len(lengths)
    target = target_name(routine)
    ret = "void"
    lines = [
        f"extern {ret} {target}({', '.join(proto)});",
        f"{ret} {routine}({', '.join(decl)}) {{",
        *pre,
        f"    {target}({', '.join(args)});",
        *post,
        "}",
    ]
    return "\n".join(lines)


def shim_source(routines: list[str]) -> str:
    head = [
        "#include <stddef.h>",
        "#include <stdio.h>",
        "#include <stdlib.h>",
        "static void chudan_blas_abort(const char *name) {",
        '    fprintf(stderr, "chudan: out of memory in %s\\n", name);',
        "    abort();",
        "}",
    ]
    return "\n\n".join(["\n".join(head)] + [_forwarder(r, ROUTINES[r]) for r in routines]) + "\n"


def build_shim(soname: str, numpy_lib: Path, rpath: str, routines: list[str], out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "shim.c"
        src.write_text(shim_source(routines), encoding="ascii")
        subprocess.run(
            [
                "gcc",
                "-shared",
                "-fPIC",
                "-O2",
                "-s",
                f"-Wl,-soname,{soname}",
                f"-Wl,-rpath,{rpath}",
                "-o",
                str(out),
                str(src),
                str(numpy_lib),
            ],
            check=True,
        )


def cv2_routines(cv2_so: Path, openblas: Path) -> list[str]:
    """The routines cv2 imports that OpenCV's OpenBLAS defines."""
    defined = {name for name, _ in _defined(openblas)}
    wanted = sorted({name for name, _ in imported_symbols(cv2_so) if name in defined})
    unknown = [r for r in wanted if r not in ROUTINES]
    if unknown:
        raise SystemExit(
            f"cv2 calls {', '.join(unknown)} from its OpenBLAS, which shipping/opencv_blas.py "
            "does not forward: add them to ROUTINES"
        )
    return wanted


def _defined(lib: Path) -> list[tuple[str, str]]:
    out = subprocess.run(
        ["readelf", "-W", "--dyn-syms", str(lib)], check=True, capture_output=True, text=True
    ).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 8 and parts[3] == "FUNC" and parts[6] != "UND":
            syms.append((parts[7].split("@")[0], parts[4]))
    return syms


def replace_opencv_openblas(internal: Path) -> list[str]:
    """Returns the names of the files replaced or removed."""
    cv2_so = next((internal / "cv2").glob("cv2*.so"))
    libs = internal / "opencv_python_headless.libs"
    (openblas,) = [libs / n for n in needed(cv2_so) if n.startswith("libopenblas")]
    found = sorted((internal / "numpy.libs").glob("libscipy_openblas64_*.so"))
    if len(found) != 1:
        raise SystemExit(
            f"expected numpy's one OpenBLAS in {internal / 'numpy.libs'}, found {len(found)}: "
            "a numpy built on another BLAS needs shipping/opencv_blas.py looked at again"
        )
    numpy_lib = found[0]
    routines = cv2_routines(cv2_so, openblas)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / openblas.name
        build_shim(openblas.name, numpy_lib, "$ORIGIN/../numpy.libs", routines, out)
        openblas.write_bytes(out.read_bytes())
    changed = [openblas.name]
    keep: set[str] = set()
    todo = [cv2_so]
    while todo:
        for dep in needed(todo.pop()):
            if dep not in keep and (libs / dep).exists():
                keep.add(dep)
                todo.append(libs / dep)
    for f in sorted(libs.iterdir()):
        if f.name not in keep:
            f.unlink()
            changed.append(f.name)
    # PyInstaller links each .libs library into _internal too: those links to the files deleted
    # here and by opencv_ffmpeg_stub (which runs first) would dangle in the bundle and the .deb.
    for link in sorted(internal.iterdir()):
        if link.is_symlink() and not link.exists():
            link.unlink()
            changed.append(link.name)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Point OpenCV at numpy's OpenBLAS in a bundle")
    parser.add_argument("internal", type=Path, help="the bundle's _internal folder")
    args = parser.parse_args(argv)
    for name in replace_opencv_openblas(args.internal):
        print(f"opencv: {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
