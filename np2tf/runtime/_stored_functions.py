"""The runtime's own fixed graph kernels, traced once per machine instead of once per process.

The MT19937 kernels that twist many blocks eagerly (``_mt19937._twist_loop``, a graph
loop, and ``_mt19937._xla_chunk``, an XLA kernel) are the same graph in every process:
fixed code, fixed input signature, no captured values. Tracing one costs ~40 ms of
TensorFlow's Python graph building per process (a big draw, or a loop's draws made ahead
of it, pays it). A :class:`StoredFunction` keeps the traced ``FunctionDef``s on disk next
to the XLA cache (:mod:`np2tf.runtime._xla_cache`: ``$NP2TF_XLA_CACHE`` or
``~/.cache/np2tf/xla``, off with ``NP2TF_XLA_CACHE=off``), under a key of TensorFlow's
build and the source of the module that defines the kernel, and a later process adds them
to its eager context (~1 ms) and calls the function by name, as ``tf.function`` does.

The stored functions get names of their own (``n2t_<key>_<n>``): a traced function's
name carries a per-process counter, which another process may give a function of its
own, and XLA's persistent cache keys a kernel by its function's name, so a fixed name
also lets every program load the kernel any program compiled. Files are written
atomically (a temporary file renamed); one that cannot be read is traced again.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import inspect
import itertools
import os
import tempfile
from typing import Any, Sequence

import tensorflow as tf
from tensorflow.core.framework import function_pb2
from tensorflow.python.eager import context, execute

from np2tf.runtime import _xla_cache


@functools.lru_cache(maxsize=1)
def _machine() -> str:
    return _xla_cache.machine_key()  # (reads /proc/cpuinfo: once per process)


def _store() -> str | None:
    root = _xla_cache.default_root()
    return None if root is None else os.path.join(root, f"functions-{_machine()}")


def _renamed(library: function_pb2.FunctionDefLibrary, prefix: str) -> function_pb2.FunctionDefLibrary:
    """``library`` with its functions named ``<prefix>_<n>``, calls between them renamed too."""
    names = {f.signature.name: f"{prefix}_{i}" for i, f in enumerate(library.function)}

    def rename(attr: Any) -> None:
        if attr.HasField("func") and attr.func.name in names:
            attr.func.name = names[attr.func.name]
        if attr.HasField("list"):
            for func in attr.list.func:
                if func.name in names:
                    func.name = names[func.name]

    out = function_pb2.FunctionDefLibrary()
    out.CopyFrom(library)
    for function in out.function:
        function.signature.name = names[function.signature.name]
        for node in function.node_def:
            if node.op in names:
                node.op = names[node.op]
            for attr in node.attr.values():
                rename(attr)
        for attr in function.attr.values():
            rename(attr)
    return out


class StoredFunction:
    """``function`` (a ``tf.function``) at ``signature``, called eagerly by name from a
    ``FunctionDef`` traced once per machine (see the module docstring)."""

    def __init__(self, function: Any, signature: Sequence[tf.TensorSpec], source: Any, tag: str) -> None:
        self._function = function
        self._signature = list(signature)
        self._source = source  # the module whose code the graph is
        self._tag = tag
        self._name: str | None = None
        self._outputs = 0
        self._ran = False

    @functools.lru_cache(maxsize=None)  # noqa: B019 - a few module-level instances
    def _key(self) -> str:
        digest = hashlib.sha256(inspect.getsource(self._source).encode())
        digest.update(repr([(s.shape.as_list(), s.dtype.name) for s in self._signature]).encode())
        return f"{self._tag}_{digest.hexdigest()[:16]}"

    def _load(self) -> None:
        try:
            key = self._key()
        except OSError:  # no source to key it by (a frozen install): traced per process
            key = f"{self._tag}_{id(self):x}"
        store = _store()
        path = None if store is None else os.path.join(store, f"{key}.pb")
        library = None
        if path is not None and os.path.exists(path):
            try:
                with open(path, "rb") as f:
                    library = function_pb2.FunctionDefLibrary.FromString(f.read())
                self._register(library)
            except Exception:  # noqa: BLE001 - unreadable or refused by TensorFlow: trace it again
                library = None
        if library is None:
            library = self._trace(f"n2t_{key}", path)
            self._register(library)
        main = library.function[-1]
        self._outputs = len(main.signature.output_arg)
        self._name = main.signature.name

    @staticmethod
    def _register(library: function_pb2.FunctionDefLibrary) -> None:
        ctx = context.context()
        for function in library.function:
            if not ctx.has_function(function.signature.name):
                ctx.add_function_def(function)

    def _trace(self, prefix: str, path: str | None) -> function_pb2.FunctionDefLibrary:
        concrete = self._function.get_concrete_function(*self._signature)
        library = function_pb2.FunctionDefLibrary()
        library.function.extend(concrete.graph.as_graph_def().library.function)
        library.function.append(concrete.function_def)  # the called function last
        library = _renamed(library, prefix)
        if path is not None:
            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=os.path.dirname(path))
                with os.fdopen(fd, "wb") as f:
                    f.write(library.SerializeToString())
                os.replace(tmp, path)
            except OSError:
                pass  # a read-only or full disk: traced again next time
        return library

    def __call__(self, *tensors: tf.Tensor) -> Any:
        """The function's outputs for ``tensors`` (eagerly; its flat outputs, one or a list)."""
        if self._name is None:
            self._load()
        ctx = context.context()
        attrs = tuple(itertools.chain(*ctx.function_call_options.as_attrs().items()))
        outputs = execute.execute(self._name, self._outputs, list(tensors), attrs, ctx)
        if not self._ran:
            self._ran = True
            marker = self._marker()
            if _xla_cache.STAGING is not None and marker is not None and not os.path.exists(marker):
                atexit.register(self._mark)  # (atexit runs last-in first: the XLA cache publishes after)
        return outputs[0] if self._outputs == 1 else outputs

    # -- whether an earlier process ran it (an XLA kernel: compiled and in the XLA cache) ----
    def _marker(self) -> str | None:
        store = _store()
        try:
            return None if store is None else os.path.join(store, f"{self._key()}.ran")
        except OSError:
            return None

    def ran_before(self) -> bool:
        """Whether a process on this machine has called this function (with the caches on),
        and this process loads XLA kernels from the cache too (it may have been left off: a
        nearly full disk, the user's own cache directory)."""
        marker = self._marker()
        return _xla_cache.STAGING is not None and marker is not None and os.path.exists(marker)

    def _mark(self) -> None:
        marker = self._marker()
        if marker is not None:
            try:
                os.makedirs(os.path.dirname(marker), exist_ok=True)
                with open(marker, "w", encoding="utf-8"):
                    pass
            except OSError:
                pass
