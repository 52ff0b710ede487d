"""OpenCV on numpy's OpenBLAS (shipping/opencv_blas.py): with the forwarding library standing in
for OpenCV's own OpenBLAS, every matrix routine cv2 takes from it gives the answers numpy gives:
solving, inverting and least squares by LU, QR, SVD and Cholesky, determinants, singular values,
eigenvalues and matrix products, real and complex, single and double precision. The matrices are
larger than OpenCV's thresholds for its own small-matrix code, so the calls reach the library."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy
import pytest

from shipping import opencv_blas

SITE = Path(numpy.__file__).parent.parent
CV2_SO = next((Path(cv2.__file__).parent).glob("cv2*.so"), None)
LIBS = SITE / "opencv_python_headless.libs"
OPENBLAS = (
    [LIBS / n for n in opencv_blas.needed(CV2_SO) if n.startswith("libopenblas")]
    if CV2_SO and sys.platform == "linux"
    else []
)
NUMPY_BLAS = sorted((SITE / "numpy.libs").glob("libscipy_openblas64_*.so"))

pytestmark = pytest.mark.skipif(
    not (OPENBLAS and NUMPY_BLAS), reason="needs Linux wheels of OpenCV and numpy with OpenBLAS"
)

CHECK = r"""
import os
import numpy as np, cv2
rng = np.random.default_rng(7)
for dt, tol in ((np.float32, 1e-2), (np.float64, 1e-7)):
    n = 160
    A = (rng.standard_normal((n, n)) + n * np.eye(n)).astype(dt)
    B = rng.standard_normal((n, 3)).astype(dt)
    for name, flag in (("LU", cv2.DECOMP_LU), ("QR", cv2.DECOMP_QR), ("SVD", cv2.DECOMP_SVD),
                       ("CHOLESKY", cv2.DECOMP_CHOLESKY)):
        M = (A @ A.T).astype(dt) if name == "CHOLESKY" else A
        ok, X = cv2.solve(M, B, flags=flag)
        assert ok and np.abs(M.astype(np.float64) @ X - B).max() < tol, (dt, name)
        if name != "QR":
            _, inv = cv2.invert(M, flags=flag)
            assert np.abs(inv.astype(np.float64) @ M - np.eye(n)).max() < tol, (dt, name, "inverse")
    sub = A.astype(np.float64)[:120, :120]
    assert np.isclose(cv2.determinant(sub), np.linalg.det(sub), rtol=1e-6), "determinant"
    w = cv2.SVDecomp(A)[0].ravel()
    assert np.allclose(w, np.linalg.svd(A.astype(np.float64), compute_uv=False), rtol=tol), "svd"
    R = rng.standard_normal((200, 120)).astype(dt)
    y = rng.standard_normal((200, 1)).astype(dt)
    X = cv2.solve(R, y, flags=cv2.DECOMP_QR)[1]
    ref = np.linalg.lstsq(R.astype(np.float64), y.astype(np.float64), rcond=None)[0]
    assert np.allclose(X, ref, atol=tol), "least squares"
    G1 = rng.standard_normal((300, 200)).astype(dt)
    G2 = rng.standard_normal((200, 250)).astype(dt)
    assert np.allclose(cv2.gemm(G1, G2, 1.5, None, 0), 1.5 * (G1.astype(np.float64) @ G2), atol=tol * 100)
    C1 = rng.standard_normal((150, 140, 2)).astype(dt)
    C2 = rng.standard_normal((140, 130, 2)).astype(dt)
    gc = cv2.gemm(C1, C2, 1.0, None, 0)
    z = (C1[..., 0] + 1j * C1[..., 1]) @ (C2[..., 0] + 1j * C2[..., 1])
    assert np.allclose(gc[..., 0] + 1j * gc[..., 1], z, atol=tol * 100), "complex product"
E = rng.standard_normal((130, 130))
ev = np.sort(cv2.eigenNonSymmetric(E)[0].ravel())
assert np.allclose(ev, np.sort(np.linalg.eigvals(E).real), atol=1e-8), "eigenvalues"
maps = open(f"/proc/{os.getpid()}/maps").read()
print(sorted({line.split()[-1] for line in maps.splitlines() if "openblasp" in line}))
"""


@pytest.mark.slow  # compiles the library and runs the routines on 100-300 wide matrices: 2-4 s
def test_opencv_through_numpys_openblas_gives_numpys_answers(tmp_path):
    (openblas,) = OPENBLAS
    routines = opencv_blas.cv2_routines(CV2_SO, openblas)
    assert "dgesv_" in routines and "cblas_sgemm" in routines
    shim = tmp_path / openblas.name
    # An absolute run path here; in the bundle it is $ORIGIN/../numpy.libs (the same layout).
    opencv_blas.build_shim(openblas.name, NUMPY_BLAS[0], str(NUMPY_BLAS[0].parent), routines, shim)
    assert shim.stat().st_size < 100_000  # instead of OpenCV's 37 MB
    # Loaded first under the same soname, it stands in for OpenCV's own library.
    env = {**os.environ, "LD_PRELOAD": str(shim)}
    out = subprocess.run(
        [sys.executable, "-c", CHECK], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == repr([str(shim)])  # OpenCV's own OpenBLAS never loaded


def test_a_routine_nobody_forwards_stops_the_build(tmp_path, monkeypatch):
    (openblas,) = OPENBLAS
    monkeypatch.delitem(opencv_blas.ROUTINES, "dgeev_")
    with pytest.raises(SystemExit, match="dgeev_"):
        opencv_blas.cv2_routines(CV2_SO, openblas)
