"""Text arrays stay NumPy arrays: the runtime's functions hand them to NumPy.

``np.array(list("FDCBA"))`` or ``np.array(["cat", "dog"])`` hold labels and lookup tables,
which TF cannot represent as NumPy-style string arrays (``tnp.array`` of them raised or
gave ``tf.string`` bytes). ``_behavior`` keeps such arrays NumPy ``<U`` arrays; the
wrappers here let the runtime's functions and ndarray-method helpers accept them too:
when the first argument is a text array, NumPy's own function (``np.unique``) or the
array's own method (``.tolist()``) runs, on the host, as in the original program.
Numeric arguments take the TF path unchanged (one ``isinstance`` check per call).
"""

from __future__ import annotations

import functools
import types
from typing import Any, Callable

import numpy as np


def is_text(value: Any) -> bool:
    """A NumPy string/bytes array, or a (nested) list whose first item is a string; not a
    bare string (``einsum("ij->i", x)`` takes its subscripts first)."""
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "US"
    if not isinstance(value, (list, tuple)):
        return False
    while isinstance(value, (list, tuple)) and value:
        value = value[0]
    # `np.lexsort((first, last))`: a sequence of string arrays is text too.
    return isinstance(value, (str, bytes)) or (isinstance(value, np.ndarray) and value.dtype.kind in "US")


def _function(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    numpy_func = getattr(np, name)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if args and is_text(args[0]):
            return numpy_func(*args, **kwargs)
        return func(*args, **kwargs)

    return wrapper


def _method(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if args and isinstance(args[0], np.ndarray) and args[0].dtype.kind in "US":
            return getattr(args[0], name)(*args[1:], **kwargs)
        return func(*args, **kwargs)

    return wrapper


def install(namespace: dict[str, Any], names: list[str], ndarray: types.ModuleType) -> None:
    """Wrap ``namespace``'s NumPy-named functions and ``ndarray``'s method helpers."""
    for name in names:
        func, numpy_func = namespace.get(name), getattr(np, name, None)
        if isinstance(func, types.FunctionType) and callable(numpy_func) and not isinstance(numpy_func, type):
            namespace[name] = _function(name, func)
    for name, func in list(vars(ndarray).items()):
        if isinstance(func, types.FunctionType) and not name.startswith("_") and func.__module__.startswith("np2tf.runtime") \
                and hasattr(np.ndarray, name):
            setattr(ndarray, name, _method(name, func))
