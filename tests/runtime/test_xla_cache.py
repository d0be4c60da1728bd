"""XLA executables kept across processes (``np2tf.runtime._xla_cache``).

The end-to-end tests run child processes: TensorFlow reads ``TF_XLA_FLAGS`` once, before
its first op, so only a fresh process shows what a converted program gets.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

tf = pytest.importorskip("tensorflow")

from np2tf.runtime import _xla_cache  # noqa: E402

pytestmark = pytest.mark.tf

PROGRAM = textwrap.dedent("""
    import os, sys
    import np2tf.runtime as n2t
    import tensorflow as tf

    print("TF_XLA_FLAGS=" + repr(os.environ.get("TF_XLA_FLAGS")), file=sys.stderr)

    @tf.function(jit_compile=True)
    def f(x):
        return tf.reduce_sum(tf.sin(x) * x + 1.0)

    print(repr(float(f(tf.linspace(0.0, 3.0, 1000)))))
""")


def _run(root: Path | str, *, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TF_XLA_FLAGS"}
    env.update({"NP2TF_XLA_CACHE": str(root), "TF_CPP_VMODULE": "device_executable_persistor=1",
                "TF_CPP_MIN_LOG_LEVEL": "0"})
    env.update(extra or {})
    return subprocess.run([sys.executable, "-c", PROGRAM], env=env, capture_output=True, text=True, timeout=300)


def _entries(root: Path) -> list[Path]:
    return sorted(root.glob("*/*.pb"))


# On CPUs for which LLVM adds tuning-only features to the compile target (Intel AVX-512
# servers: +prefer-no-gather, +prefer-no-scatter), TensorFlow's loader compares them with
# the host's instruction sets and logs an ERROR line for each on every load, although the
# executable was compiled on this very CPU (docs/configuration.md, NP2TF_XLA_CACHE).
TUNING_MISMATCH = re.compile(r"cpu_aot_loader\.cc:\d+\] Loading XLA:CPU AOT result\. Target machine feature "
                             r"\+prefer-no-(gather|scatter) is not\s+supported on the host machine")


def test_a_second_process_loads_what_the_first_compiled(tmp_path: Path) -> None:
    first = _run(tmp_path)
    assert first.returncode == 0, first.stderr
    assert "TF_XLA_FLAGS=None" in first.stderr  # set only while TensorFlow read it: not inherited
    assert "Loading cached entry" not in first.stderr
    entries = _entries(tmp_path)
    assert len(entries) == 1, entries
    assert entries[0].read_text().startswith("key {")  # published as a text proto
    second = _run(tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Loading cached entry" in second.stderr  # TensorFlow's log of a load
    # Binary entries made TensorFlow log "Error parsing text-format ..." on every load.
    assert "Error parsing" not in second.stderr
    errors = [line for line in second.stderr.splitlines() if re.match(r"E\d{4} ", line)
              and not TUNING_MISMATCH.search(line)]
    assert not errors, second.stderr  # no ERROR line but TensorFlow's tuning-feature one
    assert second.stdout == first.stdout
    assert _entries(tmp_path) == entries
    assert not [p for p in tmp_path.glob("*/.staging-*")], "staging directories left behind"


def test_off_and_a_directory_the_user_set_leave_tensorflow_alone(tmp_path: Path) -> None:
    off = _run("off")
    assert off.returncode == 0, off.stderr
    assert "TF_XLA_FLAGS=None" in off.stderr
    own = tmp_path / "own"
    mine = _run(tmp_path / "ours", extra={"TF_XLA_FLAGS": f"--tf_xla_persistent_cache_directory={own}"})
    assert mine.returncode == 0, mine.stderr
    assert not (tmp_path / "ours").exists()
    assert list(own.glob("*.pb"))  # TensorFlow's own binary entries, where the user asked


def test_install_links_the_store_into_a_private_staging_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TF_XLA_FLAGS", "--tf_xla_min_cluster_size=2")
    monkeypatch.setattr(_xla_cache.atexit, "register", lambda *a: None)
    read = []  # what TensorFlow would read when its context starts (it has, in this process)
    monkeypatch.setattr(_xla_cache, "_flags_read", lambda: False)
    monkeypatch.setattr(_xla_cache, "_read_flags", lambda: read.append(os.environ["TF_XLA_FLAGS"]))
    store = tmp_path / _xla_cache.machine_key()
    store.mkdir()
    (store / "entry.pb").write_text("key {}\n")
    staging = _xla_cache.install(str(tmp_path))
    assert staging is not None and Path(staging).parent == store
    assert read == [f"--tf_xla_min_cluster_size=2 --tf_xla_persistent_cache_directory={staging}"]
    assert os.environ["TF_XLA_FLAGS"] == "--tf_xla_min_cluster_size=2"  # restored
    assert os.path.samefile(Path(staging) / "entry.pb", store / "entry.pb")  # a hard link
    assert _xla_cache.publish(staging, str(store)) == 0  # nothing new: the link is not republished
    assert not Path(staging).exists() and (store / "entry.pb").exists()
    monkeypatch.setenv("NP2TF_XLA_CACHE", "off")
    assert _xla_cache.install() is None
    monkeypatch.setenv("NP2TF_XLA_CACHE", str(tmp_path))
    monkeypatch.setattr(_xla_cache, "_flags_read", lambda: True)  # TensorFlow ran an op first
    assert _xla_cache.install() is None and len(read) == 1
    # A nearly full disk: TensorFlow fails the op when it cannot write an entry.
    monkeypatch.setattr(_xla_cache, "_flags_read", lambda: False)
    monkeypatch.setattr(_xla_cache, "MIN_FREE_BYTES", shutil.disk_usage(tmp_path).free + 1)
    assert _xla_cache.install() is None and len(read) == 1


def _binary_entry() -> bytes:
    from tensorflow.compiler.xla.service import hlo_pb2

    entry = _xla_cache._entry_class()()
    entry.key.signature_fingerprint = 2**64 - 1
    entry.key.device_type = "XLA_CPU_JIT"
    entry.hlo_module.CopyFrom(hlo_pb2.HloModuleProto(name="m", id=3))
    entry.executable = bytes(range(256)) * 3 + b'"quoted" \\ \'single\'\n'
    return entry.SerializeToString()


def test_as_text_round_trips_every_byte_and_refuses_unknown_fields() -> None:
    from google.protobuf import text_format

    data = _binary_entry()
    text = _xla_cache.as_text(data)
    assert text is not None
    back = _xla_cache._entry_class()()
    text_format.Parse(text, back)
    assert back.SerializeToString(deterministic=True) == data
    # Field 9 (varint 1) is not in the schema: a text proto would drop it, and TensorFlow
    # would refuse the entry, so it is not converted.
    assert _xla_cache.as_text(data + b"\x48\x01") is None
    assert _xla_cache.as_text(b"\xff\xff not a proto") is None


def test_publish_moves_only_whole_new_entries(tmp_path: Path) -> None:
    store, staging = tmp_path / "store", tmp_path / "store" / ".staging-h-1-x"
    staging.mkdir(parents=True)
    (staging / "new.pb").write_bytes(_binary_entry())
    (staging / "torn.pb").write_bytes(_binary_entry()[:-7])  # a process killed mid-write
    assert _xla_cache.publish(str(staging), str(store)) == 1
    assert [p.name for p in store.iterdir()] == ["new.pb"]
    assert (store / "new.pb").read_text().startswith("key {")


def test_prune_keeps_the_newest_entries_within_the_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        path = tmp_path / f"e{i}.pb"
        path.write_bytes(b"x" * 100)
        os.utime(path, (1000 + i, 1000 + i))
    monkeypatch.setattr(_xla_cache, "MAX_BYTES", 250)
    _xla_cache._prune(str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e3.pb", "e4.pb"]


def test_sweep_removes_staging_left_by_dead_processes(tmp_path: Path) -> None:
    import socket

    host = socket.gethostname()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    gone = tmp_path / f".staging-{host}-{dead}-abc"
    alive = tmp_path / f".staging-{host}-{os.getpid()}-abc"
    elsewhere = tmp_path / f".staging-otherhost-{dead}-abc"
    for d in (gone, alive, elsewhere):
        d.mkdir()
    _xla_cache._sweep(str(tmp_path))
    assert not gone.exists() and alive.exists() and elsewhere.exists()
