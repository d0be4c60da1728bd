"""Device placement for converted code: ``n2t.device`` and ``n2t.on_device``.

What it does:
    ``np2tf convert --device /GPU:0`` places converted entry points on a device. Module-level
    code runs under ``with tf.device(n2t.device("/GPU:0")):`` and entry-point functions get
    ``@n2t.on_device("/GPU:0")``, which enters the same scope around every call and copies
    tensor arguments that live on another device to it, once, before the body runs.

NumPy vs TensorFlow:
    NumPy arrays live in host memory. TensorFlow places each op on a device and copies
    inputs that live elsewhere *per op* in eager mode, so a CPU tensor read by ten GPU ops
    is copied ten times. One explicit copy where the array enters makes the transfer
    visible and happen once.

Example:
    ``NP2TF_DEVICE=/CPU:0 python train.py`` runs code converted with ``--device /GPU:0``
    on the CPU, without converting again.

Fidelity:
    Values are unchanged; only placement differs. The environment variable is read when a
    scope is entered: per call for ``on_device`` and when a ``tf.function`` traces for
    scopes inside graphs. An empty ``NP2TF_DEVICE`` means "no constraint" (``tf.device("")``
    lets TensorFlow choose).

Options:
    ``NP2TF_DEVICE`` (environment) overrides the device chosen at conversion time.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar

import tensorflow as tf

ENV = "NP2TF_DEVICE"
F = TypeVar("F", bound=Callable[..., Any])


def device(default: str) -> str:
    """The device converted code runs on.

    Args:
        default: the device chosen at conversion time (``--device``).

    Returns:
        The ``NP2TF_DEVICE`` environment variable when it is set, else ``default``.
    """
    return os.environ.get(ENV, default)


@functools.lru_cache(maxsize=64)
def _spec(name: str) -> tuple[str | None, int | None]:
    spec = tf.DeviceSpec.from_string(name)
    return (spec.device_type.upper() if spec.device_type else None), spec.device_index


def _elsewhere(tensor: tf.Tensor, target: str) -> bool:
    """Whether eager ``tensor`` lives on a device ``target`` does not name."""
    want_type, want_index = _spec(target)
    have_type, have_index = _spec(tensor.device)
    if want_type is not None and want_type != have_type:
        return True
    return want_index is not None and want_index != (have_index or 0)


def to_device(value: Any, target: str) -> Any:
    """Copy an eager tensor to ``target`` when it lives elsewhere; other values unchanged.

    Must be called inside ``tf.device(target)``: ``tf.identity`` runs on the scope's device.
    """
    if target and isinstance(value, tf.Tensor) and tf.executing_eagerly() and _elsewhere(value, target):
        return tf.identity(value)
    return value


def on_device(default: str) -> Callable[[F], F]:
    """Decorator: run each call under ``tf.device(device(default))``.

    Tensor arguments (positional or keyword, not nested) that live on another device are
    copied to it once, before the call. Applied outside ``tf.function``: a compiled
    function's placement is decided by the scope around its call (XLA ignores scopes
    inside a ``jit_compile`` function), and its outputs then stay on the device.

    Args:
        default: the device chosen at conversion time; ``NP2TF_DEVICE`` overrides it.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def placed(*args: Any, **kwargs: Any) -> Any:
            target = device(default)
            with tf.device(target):
                args = tuple(to_device(a, target) for a in args)
                kwargs = {k: to_device(v, target) for k, v in kwargs.items()}
                return func(*args, **kwargs)

        return placed  # type: ignore[return-value]

    return decorate
