"""The runtime's fixed kernels traced once per machine (np2tf/runtime/_stored_functions.py).

A stored ``FunctionDef`` must give what tracing gives: another instance (as a later process
would) loads the file without tracing, calls it by its own name, and returns the same
values; a broken file is traced again; the marker says a process ran it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

from np2tf.runtime import _mt19937, _stored_functions
from np2tf.runtime._stored_functions import StoredFunction

SPEC = [tf.TensorSpec([_mt19937.N], tf.uint32), tf.TensorSpec([], tf.int32)]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NP2TF_XLA_CACHE", str(tmp_path))
    return tmp_path


def _key() -> tf.Tensor:
    return tf.constant(_mt19937.init_genrand(3), tf.uint32)


def test_a_stored_function_is_loaded_without_tracing_and_gives_the_traced_values(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    want = _mt19937._twist_loop(_key(), tf.constant(5, tf.int32)).numpy()
    first = StoredFunction(_mt19937._twist_loop, SPEC, _mt19937, "test_twist")
    np.testing.assert_array_equal(first(_key(), tf.constant(5, tf.int32)).numpy(), want)
    files = list(store.glob("functions-*/test_twist_*.pb"))
    assert len(files) == 1

    later = StoredFunction(_mt19937._twist_loop, SPEC, _mt19937, "test_twist")
    monkeypatch.setattr(StoredFunction, "_trace", lambda *a: pytest.fail("traced although stored"))
    np.testing.assert_array_equal(later(_key(), tf.constant(5, tf.int32)).numpy(), want)
    assert later._name.startswith("n2t_test_twist_")  # its own name, not the per-process one


def test_an_xla_kernel_with_several_outputs_and_inner_functions(store: Path) -> None:
    args = (_key(), tf.constant(7, tf.uint32), tf.constant(1, tf.int32), tf.constant(3, tf.int32))
    want = [t.numpy() for t in _mt19937._xla_chunk(*args)]
    spec = [tf.TensorSpec([_mt19937.N], tf.uint32), tf.TensorSpec([], tf.uint32), tf.TensorSpec([], tf.int32), tf.TensorSpec([], tf.int32)]
    for _ in range(2):  # traced and stored, then loaded
        got = StoredFunction(_mt19937._xla_chunk, spec, _mt19937, "test_chunk")(*args)
        assert len(got) == 3
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g.numpy(), w)


def test_an_unreadable_file_is_traced_again(store: Path) -> None:
    first = StoredFunction(_mt19937._twist_loop, SPEC, _mt19937, "test_broken")
    first(_key(), tf.constant(1, tf.int32))
    (path,) = store.glob("functions-*/test_broken_*.pb")
    path.write_bytes(b"\x00not a proto")
    again = StoredFunction(_mt19937._twist_loop, SPEC, _mt19937, "test_broken")
    want = _mt19937._twist_loop(_key(), tf.constant(2, tf.int32)).numpy()
    np.testing.assert_array_equal(again(_key(), tf.constant(2, tf.int32)).numpy(), want)


def test_the_marker_says_a_process_ran_it(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from np2tf.runtime import _xla_cache

    monkeypatch.setattr(_xla_cache, "STAGING", str(store / "staging"))  # this process loads XLA kernels from the cache
    stored = StoredFunction(_mt19937._twist_loop, SPEC, _mt19937, "test_marker")
    assert not stored.ran_before()
    stored(_key(), tf.constant(1, tf.int32))
    stored._mark()  # what the process does at exit
    later = StoredFunction(_mt19937._twist_loop, SPEC, _mt19937, "test_marker")
    assert later.ran_before()
    # A process whose XLA cache is off (a nearly full disk, the user's own directory) would
    # compile the kernel: it does not count on the marker.
    monkeypatch.setattr(_xla_cache, "STAGING", None)
    assert not later.ran_before()


def test_with_the_cache_off_it_traces_and_stores_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NP2TF_XLA_CACHE", "off")
    assert _stored_functions._store() is None
    stored = StoredFunction(_mt19937._twist_loop, SPEC, _mt19937, "test_off")
    want = _mt19937._twist_loop(_key(), tf.constant(2, tf.int32)).numpy()
    np.testing.assert_array_equal(stored(_key(), tf.constant(2, tf.int32)).numpy(), want)
    assert not stored.ran_before()
