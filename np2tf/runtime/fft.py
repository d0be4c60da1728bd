"""``numpy.fft`` on top of ``tf.signal``, with NumPy's arguments and dtype rules.

``tf.signal.fft`` transforms only the innermost axis of a complex tensor and has no ``n``
or ``norm``. These functions move the axis last, zero-pad or truncate to ``n``, scale
as ``norm`` says (``backward``, ``ortho`` or ``forward``) and move the axis back. Like
NumPy 2, float32 input gives complex64 and everything else (ints, bools, float64)
complex128.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import tensorflow as tf
import tensorflow.experimental.numpy as tnp

__all__ = [
    "fft", "fft2", "fftfreq", "fftn", "fftshift", "hfft", "ifft", "ifft2", "ifftn",
    "ifftshift", "ihfft", "irfft", "irfft2", "irfftn", "rfft", "rfft2", "rfftfreq", "rfftn",
]

_SWAP = {None: "forward", "backward": "forward", "forward": "backward", "ortho": "ortho"}


def _complex(a: Any) -> tf.Tensor:
    a = tnp.asarray(a)
    if a.dtype.is_complex:
        return a
    return tf.cast(a, tf.complex64 if a.dtype in (tf.float32, tf.float16) else tf.complex128)


def _real(a: Any) -> tf.Tensor:
    a = tnp.asarray(a)
    if a.dtype.is_complex:
        raise TypeError("rfft needs real input")
    return tf.cast(a, tf.float32 if a.dtype in (tf.float32, tf.float16) else tf.float64)


def _check_out(out: Any) -> None:
    if out is not None:
        raise TypeError("numpy.fft out= is not supported: tensors are immutable")


def _fit(x: tf.Tensor, n: int) -> tf.Tensor:
    """Zero-pad or truncate the last axis to ``n``."""
    m = x.shape[-1]
    if n < 1:
        raise ValueError(f"Invalid number of FFT data points ({n}) specified.")
    if n < m:
        return x[..., :n]
    if n > m:
        pad = [[0, 0]] * (x.shape.rank - 1) + [[0, n - m]]
        return tf.pad(x, pad)
    return x


def _scale(x: tf.Tensor, n: int, norm: str | None, inverse: bool) -> tf.Tensor:
    if norm not in (None, "backward", "ortho", "forward"):
        raise ValueError(f'Invalid norm value {norm}; should be "backward", "ortho" or "forward".')
    if norm == "ortho":
        factor = n**-0.5
    elif (norm == "forward") != inverse:
        # Unnormalised sums: "backward" divides the inverse, "forward" the forward one.
        factor = 1.0 / n
    else:
        factor = 1.0
    return x if factor == 1.0 else x * tf.cast(factor, x.dtype)


def _on_axis(x: tf.Tensor, axis: int, fn: Any) -> tf.Tensor:
    """Apply ``fn`` (which works on the last axis) to ``axis``."""
    nd = x.shape.rank
    axis %= nd
    if axis == nd - 1:
        return fn(x)
    perm = list(range(nd))
    perm[axis], perm[-1] = perm[-1], perm[axis]
    return tf.transpose(fn(tf.transpose(x, perm)), perm)


def _c2c(a: Any, n: int | None, axis: int, norm: str | None, inverse: bool) -> tf.Tensor:
    x = _complex(a)
    length = x.shape[axis] if n is None else n

    def op(t: tf.Tensor) -> tf.Tensor:
        t = _fit(t, length)
        t = tf.signal.ifft(t) * tf.cast(length, t.dtype) if inverse else tf.signal.fft(t)
        return _scale(t, length, norm, inverse)

    return _on_axis(x, axis, op)


def fft(a: Any, n: int | None = None, axis: int = -1, norm: str | None = None, out: Any = None) -> tf.Tensor:
    """1-D discrete Fourier transform (``numpy.fft.fft``)."""
    _check_out(out)
    return _c2c(a, n, axis, norm, False)


def ifft(a: Any, n: int | None = None, axis: int = -1, norm: str | None = None, out: Any = None) -> tf.Tensor:
    """1-D inverse discrete Fourier transform (``numpy.fft.ifft``)."""
    _check_out(out)
    return _c2c(a, n, axis, norm, True)


def rfft(a: Any, n: int | None = None, axis: int = -1, norm: str | None = None, out: Any = None) -> tf.Tensor:
    """1-D transform of real input, ``n // 2 + 1`` outputs (``numpy.fft.rfft``)."""
    _check_out(out)
    x = _real(a)
    length = x.shape[axis] if n is None else n

    def op(t: tf.Tensor) -> tf.Tensor:
        return _scale(tf.signal.rfft(_fit(t, length), fft_length=[length]), length, norm, False)

    return _on_axis(x, axis, op)


def irfft(a: Any, n: int | None = None, axis: int = -1, norm: str | None = None, out: Any = None) -> tf.Tensor:
    """Inverse of :func:`rfft`; ``n`` defaults to ``2 * (m - 1)`` (``numpy.fft.irfft``)."""
    _check_out(out)
    x = _complex(a)
    length = 2 * (x.shape[axis] - 1) if n is None else n
    rtype = tf.float32 if x.dtype == tf.complex64 else tf.float64

    def op(t: tf.Tensor) -> tf.Tensor:
        t = _fit(t, length // 2 + 1)
        res = tf.signal.irfft(t, fft_length=[length]) * tf.cast(length, rtype)
        return _scale(res, length, norm, True)

    out = _on_axis(x, axis, op)
    # NumPy keeps float16 for real float16 input to the 1-D irfft/hfft (irfftn gives float32).
    return tf.cast(out, tf.float16) if _is_half(a) else out


def _is_half(a: Any) -> bool:
    return getattr(a, "dtype", None) in (tf.float16, np.float16)


def hfft(a: Any, n: int | None = None, axis: int = -1, norm: str | None = None, out: Any = None) -> tf.Tensor:
    """Transform of a Hermitian-symmetric signal, real output (``numpy.fft.hfft``)."""
    _check_out(out)
    out = irfft(tf.math.conj(_complex(a)), n, axis, _SWAP[norm])
    return tf.cast(out, tf.float16) if _is_half(a) else out


def ihfft(a: Any, n: int | None = None, axis: int = -1, norm: str | None = None, out: Any = None) -> tf.Tensor:
    """Inverse of :func:`hfft` (``numpy.fft.ihfft``)."""
    _check_out(out)
    return tf.math.conj(rfft(a, n, axis, _SWAP[norm]))


def _axes_and_sizes(x: tf.Tensor, s: Sequence[int] | None, axes: Sequence[int] | None) -> tuple[list[int], list[int | None]]:
    if axes is None:
        axes = list(range(x.shape.rank)) if s is None else list(range(-len(s), 0))
    axes = list(axes)
    sizes: list[int | None] = [None] * len(axes) if s is None else list(s)
    if len(sizes) != len(axes):
        raise ValueError("Shape and axes have different lengths.")
    return axes, sizes


def fftn(a: Any, s: Sequence[int] | None = None, axes: Sequence[int] | None = None, norm: str | None = None, out: Any = None) -> tf.Tensor:
    """N-D discrete Fourier transform (``numpy.fft.fftn``)."""
    _check_out(out)
    x = _complex(a)
    ax, sz = _axes_and_sizes(x, s, axes)
    for axis, n in reversed(list(zip(ax, sz))):
        x = _c2c(x, n, axis, norm, False)
    return x


def ifftn(a: Any, s: Sequence[int] | None = None, axes: Sequence[int] | None = None, norm: str | None = None, out: Any = None) -> tf.Tensor:
    """N-D inverse discrete Fourier transform (``numpy.fft.ifftn``)."""
    _check_out(out)
    x = _complex(a)
    ax, sz = _axes_and_sizes(x, s, axes)
    for axis, n in reversed(list(zip(ax, sz))):
        x = _c2c(x, n, axis, norm, True)
    return x


def fft2(a: Any, s: Sequence[int] | None = None, axes: Sequence[int] = (-2, -1), norm: str | None = None, out: Any = None) -> tf.Tensor:
    """2-D discrete Fourier transform (``numpy.fft.fft2``)."""
    return fftn(a, s, axes, norm, out)


def ifft2(a: Any, s: Sequence[int] | None = None, axes: Sequence[int] = (-2, -1), norm: str | None = None, out: Any = None) -> tf.Tensor:
    """2-D inverse discrete Fourier transform (``numpy.fft.ifft2``)."""
    return ifftn(a, s, axes, norm, out)


def rfftn(a: Any, s: Sequence[int] | None = None, axes: Sequence[int] | None = None, norm: str | None = None, out: Any = None) -> tf.Tensor:
    """N-D transform of real input: rfft on the last axis, fft on the others."""
    _check_out(out)
    x = _real(a)
    ax, sz = _axes_and_sizes(x, s, axes)
    x = rfft(x, sz[-1], ax[-1], norm)
    for axis, n in reversed(list(zip(ax[:-1], sz[:-1]))):
        x = _c2c(x, n, axis, norm, False)
    return x


def irfftn(a: Any, s: Sequence[int] | None = None, axes: Sequence[int] | None = None, norm: str | None = None, out: Any = None) -> tf.Tensor:
    """Inverse of :func:`rfftn`."""
    _check_out(out)
    x = _complex(a)
    ax, sz = _axes_and_sizes(x, s, axes)
    for axis, n in zip(ax[:-1], sz[:-1]):
        x = _c2c(x, n, axis, norm, True)
    return irfft(x, sz[-1], ax[-1], norm)


def rfft2(a: Any, s: Sequence[int] | None = None, axes: Sequence[int] = (-2, -1), norm: str | None = None, out: Any = None) -> tf.Tensor:
    """2-D transform of real input (``numpy.fft.rfft2``)."""
    return rfftn(a, s, axes, norm, out)


def irfft2(a: Any, s: Sequence[int] | None = None, axes: Sequence[int] = (-2, -1), norm: str | None = None, out: Any = None) -> tf.Tensor:
    """Inverse of :func:`rfft2`."""
    return irfftn(a, s, axes, norm, out)


def fftfreq(n: int, d: float = 1.0, device: Any = None) -> tf.Tensor:
    """Sample frequencies of :func:`fft`, float64 like NumPy."""
    k = tf.range(n, dtype=tf.int64)
    k = tf.where(k < (n + 1) // 2, k, k - n)
    return tf.cast(k, tf.float64) / (d * n)


def rfftfreq(n: int, d: float = 1.0, device: Any = None) -> tf.Tensor:
    """Sample frequencies of :func:`rfft`, float64 like NumPy."""
    return tf.range(n // 2 + 1, dtype=tf.float64) / (d * n)


def _shift(x: Any, axes: Any, sign: int) -> tf.Tensor:
    x = tnp.asarray(x)
    if axes is None:
        axes = list(range(x.shape.rank))
    elif isinstance(axes, int):
        axes = [axes]
    if not axes:
        return x
    shifts = [sign * (x.shape[a] // 2) for a in axes]
    return tf.roll(x, shifts, list(axes))


def fftshift(x: Any, axes: Any = None) -> tf.Tensor:
    """Move the zero frequency to the centre (``numpy.fft.fftshift``)."""
    return _shift(x, axes, 1)


def ifftshift(x: Any, axes: Any = None) -> tf.Tensor:
    """Inverse of :func:`fftshift`."""
    return _shift(x, axes, -1)
