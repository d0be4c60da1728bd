"""XLA executables kept across processes (TensorFlow's persistent XLA cache, made safe).

Each XLA kernel converted code runs (the random-stream kernels, ``--jit`` functions,
sequential samplers) costs ~0.15-0.3 s to compile on a 2-core CPU, in every process.
TensorFlow can save compiled executables to a directory and load them in later processes
(``--tf_xla_persistent_cache_directory`` in ``TF_XLA_FLAGS``: a load takes ~0.03 s), but
as it stands that directory is unsafe to share: TensorFlow writes entries in place (a
process killed mid-write, or two writing at once, leave a file every later load fails
on, failing the op), keys them without the CPU they were compiled for, and reads them
as text first, logging an ERROR line for every binary entry it loads.

So importing :mod:`np2tf.runtime` points TensorFlow at a private staging directory per
process, holding hard links to the published entries of a store; at exit the entries the
process compiled are converted to text format (refused if any field could be lost) and
published into the store with an atomic rename. The store is one directory per
TensorFlow build and CPU (model and flags), under ``$NP2TF_XLA_CACHE`` or
``~/.cache/np2tf/xla`` (``$XDG_CACHE_HOME``); ``NP2TF_XLA_CACHE=off`` turns it off, as
does a ``--tf_xla_persistent_cache_directory`` the user set, and less than
MIN_FREE_BYTES free on its disk (TensorFlow fails the op when it cannot write an entry).
TensorFlow verifies each loaded entry against the HLO it would compile, so a changed
kernel compiles afresh. The store keeps its newest MAX_BYTES.

The flag must reach TensorFlow before its eager context starts (it reads
``TF_XLA_FLAGS`` once, then): importing TensorFlow first is fine, running an op first
means no cache for that process. The variable is set only while the context starts, so
programs this process starts do not inherit the staging directory.
"""

from __future__ import annotations

import atexit
import codecs
import hashlib
import os
import platform
import shutil
import socket
import tempfile
import time
from typing import Any

ENV = "NP2TF_XLA_CACHE"
FLAG = "--tf_xla_persistent_cache_directory"
MAX_BYTES = 256 << 20
MIN_FREE_BYTES = 1 << 30  # below this the cache stays off: a failed write fails the op
STALE_SECONDS = 7 * 24 * 3600  # staging directories of other machines, left by crashes
_OFF = {"", "0", "off", "false", "no", "none"}
STAGING: str | None = None  # this process's staging directory, once install() set the cache up
_PREFIX = ".staging-"


def default_root() -> str | None:
    """The cache root ``install`` uses: ``$NP2TF_XLA_CACHE`` (None when off), else the
    user cache directory."""
    value = os.environ.get(ENV)
    if value is not None:
        return None if value.strip().lower() in _OFF else os.path.expanduser(value)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "np2tf", "xla")


def machine_key() -> str:
    """What an executable depends on besides its HLO: TensorFlow's build and the CPU."""
    import tensorflow as tf  # its version constants; runs no op

    cpu = [platform.machine(), platform.processor()]
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            seen = set()
            for line in f:
                name = line.split(":", 1)[0].strip()
                if name in ("model name", "flags", "Features", "CPU part") and name not in seen:
                    seen.add(name)
                    cpu.append(line.strip())
    except OSError:
        pass
    build = [tf.version.VERSION, tf.version.GIT_VERSION, tf.version.COMPILER_VERSION]
    digest = hashlib.sha256("\n".join(build + cpu).encode()).hexdigest()[:16]
    return f"tf-{tf.version.VERSION}-{digest}"


def install(root: str | None = None) -> str | None:
    """Point TensorFlow's persistent XLA cache at a fresh staging directory linked to the
    store under ``root`` (default :func:`default_root`); publish at exit. Returns the
    staging directory, or None when the cache is off or the directory is unusable."""
    saved = os.environ.get("TF_XLA_FLAGS")
    if FLAG in (saved or ""):
        return None  # the user's own cache directory
    root = default_root() if root is None else root
    if root is None or _flags_read():
        return None
    staging = None
    try:
        store = os.path.join(root, machine_key())
        os.makedirs(store, exist_ok=True)
        if shutil.disk_usage(store).free < MIN_FREE_BYTES:
            return None  # TensorFlow fails the op when it cannot write an entry
        _sweep(store)
        staging = tempfile.mkdtemp(prefix=f"{_PREFIX}{socket.gethostname()}-{os.getpid()}-", dir=store)
        for name in os.listdir(store):
            if name.endswith(".pb"):
                # Hard links: an entry pruned meanwhile stays whole here, and TensorFlow
                # never writes through a link (it writes only entries it did not find).
                os.link(os.path.join(store, name), os.path.join(staging, name))
    except OSError:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        return None
    # Only for TensorFlow's one read of its flags: programs this process starts must not
    # inherit a directory that is gone when it exits.
    os.environ["TF_XLA_FLAGS"] = f"{saved or ''} {FLAG}={staging}".strip()
    try:
        _read_flags()
    finally:
        if saved is None:
            del os.environ["TF_XLA_FLAGS"]
        else:
            os.environ["TF_XLA_FLAGS"] = saved
    atexit.register(publish, staging, store)
    global STAGING
    STAGING = staging
    return staging


def _flags_read() -> bool:
    """Whether TensorFlow has read ``TF_XLA_FLAGS`` already (its eager context exists)."""
    from tensorflow.python.eager import context

    return bool(getattr(context.context(), "_initialized", False))


def _read_flags() -> None:
    """Make TensorFlow read ``TF_XLA_FLAGS`` now (it does when its context starts;
    importing :mod:`np2tf.runtime` starts it anyway)."""
    from np2tf.runtime._eager import start_context

    start_context()


def publish(staging: str, store: str) -> int:
    """Move the entries compiled by this process from ``staging`` into ``store`` as text
    protos (atomically), drop ``staging`` and prune the store; returns how many."""
    published = 0
    try:
        names = os.listdir(staging)
    except OSError:
        return 0
    for name in names:
        path = os.path.join(staging, name)
        try:
            if not name.endswith(".pb") or os.stat(path).st_nlink > 1:
                continue  # a link to a published entry, loaded rather than compiled
            with open(path, "rb") as f:
                text = as_text(f.read())
            if text is None:
                continue
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=store)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    f.write(text)
                os.replace(tmp, os.path.join(store, name))
            finally:
                if os.path.exists(tmp):
                    os.remove(tmp)
            published += 1
        except (OSError, ValueError):
            continue
    shutil.rmtree(staging, ignore_errors=True)
    _prune(store)
    return published


def as_text(data: bytes) -> str | None:
    """A binary ``XlaSerializedCacheEntry`` as a text proto TensorFlow reads without an
    error line, or None if the text could lose anything: a field this schema (or
    TensorFlow's ``hlo_pb2``) lacks. TensorFlow refuses an entry whose HLO differs from
    the one it compiles, failing the op, so nothing may be lost."""
    from google.protobuf import message, text_format

    entry = _entry_class()()
    try:
        entry.ParseFromString(data)
    except message.DecodeError:
        return None
    known = type(entry)()
    known.CopyFrom(entry)
    known.DiscardUnknownFields()  # recursively
    if known.SerializeToString(deterministic=True) != entry.SerializeToString(deterministic=True):
        return None
    # The executable (~50 KB) escaped by C, not by text_format (~100 ms): Python's
    # escapes (\\, \t, \n, \r, \', \xNN) are protobuf's too; '"' needs one as well.
    executable = entry.executable
    escaped = codecs.escape_encode(executable)[0].replace(b'"', b'\\"')
    if codecs.escape_decode(escaped)[0] != executable:
        return None
    entry.ClearField("executable")
    return text_format.MessageToString(entry) + 'executable: "' + escaped.decode("ascii") + '"\n'


_ENTRY: list[Any] = []


def _entry_class() -> Any:
    """``tensorflow.XlaSerializedCacheEntry`` (tensorflow/compiler/jit/xla_compilation_cache
    .proto, not shipped to Python), built on the ``xla.HloModuleProto`` TensorFlow ships.
    Text protos name fields, not the message, so its own package avoids any clash."""
    if _ENTRY:
        return _ENTRY[0]
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
    from tensorflow.compiler.xla.service import hlo_pb2

    F = descriptor_pb2.FieldDescriptorProto
    proto = descriptor_pb2.FileDescriptorProto(
        name="np2tf/xla_serialized_cache_entry.proto", package="np2tf.xla_cache", syntax="proto3",
        dependency=[hlo_pb2.DESCRIPTOR.name])
    key = proto.message_type.add(name="XlaSerializedCacheKey")
    for number, (name, kind) in enumerate([
            ("signature_fingerprint", F.TYPE_UINT64), ("cluster_fingerprint", F.TYPE_UINT64),
            ("device_type", F.TYPE_STRING), ("prefix", F.TYPE_STRING),
            ("compiled_using_pjrt", F.TYPE_BOOL)], start=1):
        key.field.add(name=name, number=number, type=kind, label=F.LABEL_OPTIONAL)
    entry = proto.message_type.add(name="XlaSerializedCacheEntry")
    entry.field.add(name="key", number=1, type=F.TYPE_MESSAGE, label=F.LABEL_OPTIONAL,
                    type_name=".np2tf.xla_cache.XlaSerializedCacheKey")
    entry.field.add(name="hlo_module", number=2, type=F.TYPE_MESSAGE, label=F.LABEL_OPTIONAL,
                    type_name=".xla.HloModuleProto")
    entry.field.add(name="executable", number=3, type=F.TYPE_BYTES, label=F.LABEL_OPTIONAL)
    pool = descriptor_pool.Default()
    try:
        pool.Add(proto)
    except TypeError:  # added already (module reloaded)
        pass
    cls = message_factory.GetMessageClass(pool.FindMessageTypeByName("np2tf.xla_cache.XlaSerializedCacheEntry"))
    _ENTRY.append(cls)
    return cls


def _sweep(store: str) -> None:
    """Remove staging directories whose process is gone (this host) or that are stale."""
    host = socket.gethostname()
    now = time.time()
    for name in os.listdir(store):
        if not name.startswith(_PREFIX):
            continue
        path = os.path.join(store, name)
        rest = name[len(_PREFIX):]
        owner, _, pid = rest.rpartition("-")[0].rpartition("-")  # host-pid-random
        gone = False
        if owner == host and pid.isdigit():
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                gone = True
            except OSError:
                pass
        try:
            if gone or now - os.stat(path).st_mtime > STALE_SECONDS:
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass


def _prune(store: str) -> None:
    """Keep the newest entries within MAX_BYTES (oldest modification time goes first)."""
    try:
        entries = []
        for name in os.listdir(store):
            if name.endswith(".pb"):
                st = os.stat(os.path.join(store, name))
                entries.append((st.st_mtime, st.st_size, name))
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    for _, size, name in sorted(entries):
        if total <= MAX_BYTES:
            break
        try:
            os.remove(os.path.join(store, name))
            total -= size
        except OSError:
            pass
