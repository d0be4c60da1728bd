"""``n2t.fft`` against ``numpy.fft``: ``n``, ``axis``, ``norm`` and dtypes."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.tf
tf = pytest.importorskip("tensorflow")
import np2tf.runtime as n2t  # noqa: E402

from tests.runtime._diff import assert_same  # noqa: E402

X = np.random.default_rng(0).standard_normal((4, 6))


@pytest.mark.parametrize("name", ["fft", "ifft", "rfft", "hfft", "ihfft"])
@pytest.mark.parametrize("norm", [None, "backward", "ortho", "forward"])
@pytest.mark.parametrize("n", [None, 5, 8])
def test_1d(name: str, norm, n) -> None:  # type: ignore[no-untyped-def]
    for axis in (0, -1):
        assert_same(getattr(np.fft, name)(X, n=n, axis=axis, norm=norm), getattr(n2t.fft, name)(X, n=n, axis=axis, norm=norm))


@pytest.mark.parametrize("n", [None, 7, 10])
@pytest.mark.parametrize("norm", [None, "ortho", "forward"])
def test_irfft(n, norm) -> None:  # type: ignore[no-untyped-def]
    c = np.fft.rfft(X)
    assert_same(np.fft.irfft(c, n=n, norm=norm), n2t.fft.irfft(c, n=n, norm=norm))


@pytest.mark.parametrize("name", ["fft2", "ifft2", "fftn", "ifftn", "rfft2", "rfftn"])
def test_nd(name: str) -> None:
    assert_same(getattr(np.fft, name)(X), getattr(n2t.fft, name)(X))
    assert_same(getattr(np.fft, name)(X, s=(3, 8), axes=(0, 1)), getattr(n2t.fft, name)(X, s=(3, 8), axes=(0, 1)))


@pytest.mark.parametrize("name", ["irfft2", "irfftn"])
def test_nd_inverse(name: str) -> None:
    c = np.fft.rfft2(X)
    assert_same(getattr(np.fft, name)(c), getattr(n2t.fft, name)(c))


@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "bool", "complex64"])
def test_dtypes(dtype: str) -> None:
    x = (X > 0).astype(dtype)
    assert_same(np.fft.fft(x), n2t.fft.fft(x), rtol=1e-5, atol=1e-5)


def test_helpers() -> None:
    assert_same(np.fft.fftfreq(7, 0.3), n2t.fft.fftfreq(7, 0.3))
    assert_same(np.fft.rfftfreq(8, 0.3), n2t.fft.rfftfreq(8, 0.3))
    assert_same(np.fft.fftshift(X), n2t.fft.fftshift(X))
    assert_same(np.fft.ifftshift(X, axes=1), n2t.fft.ifftshift(X, axes=1))


def test_runs_in_tf_function() -> None:
    f = tf.function(lambda a: n2t.fft.rfft(a, n=8, norm="ortho"))
    assert_same(np.fft.rfft(X, n=8, norm="ortho"), f(tf.constant(X)))
