"""The promotion setting np2tf.runtime turns on, checked against NumPy case by case."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.tf

tf = pytest.importorskip("tensorflow")
import tensorflow.experimental.numpy as tnp  # noqa: E402

import np2tf.runtime as n2t  # noqa: E402,F401 -- importing enables numpy behaviour
from np2tf.runtime import _behavior  # noqa: E402
from promotion_cases import CASES, HELPER_CASES, run, same  # noqa: E402

# Measured in docs/promotion.md; the test fails when TensorFlow changes any of them.
EXPECTED_DIFFERENCES = {
    "bool + bool", "bool + bool True", "int8 + bool True", "int16 + bool True",
    "uint8 + bool True", "uint16 + bool True", "uint32 + bool True", "complex64 + bool True",
    "bool / bool", "int8 / int8", "int8 / int 2", "int16 / int16", "int16 / int 2",
    "uint8 / uint8", "uint8 / int 2", "cumsum(bool)", "cumsum(uint8)", "sqrt(int8)",
}


def test_enabled_once_with_measured_setting() -> None:
    assert _behavior.is_enabled()
    assert (_behavior.DTYPE_CONVERSION_MODE, _behavior.PREFER_FLOAT32) == ("legacy", False)
    _behavior.enable_numpy_behavior()  # a second call is a no-op
    assert tnp.array([1.5]).dtype == tf.float64


def test_promotion_matches_numpy_except_listed_differences() -> None:
    expected, got = run(np), run(tnp)
    differ = {name for name in CASES if not same(expected[name], got[name])}
    assert differ == EXPECTED_DIFFERENCES


@pytest.mark.parametrize("case", ["sum(int8)", "mean(int32)", "array([1, 2])", "ones(3)",
                                  "arange(0, 1, 0.25)", "sum(bool)", "float32 + float 1.5",
                                  "int8 + int 3", "int32 / int32"])
def test_key_cases_match(case: str) -> None:
    _, fn = CASES[case]
    r_np, r_tf = fn(np), fn(tnp)
    assert np.asarray(r_tf).dtype == np.asarray(r_np).dtype
    np.testing.assert_allclose(np.asarray(r_tf, dtype=float), np.asarray(r_np, dtype=float))


def test_every_reduction_matches_numpy_through_the_helpers() -> None:
    """x.sum(), x.cumsum(), x.mean()... convert to n2t.ndarray helpers: all NumPy's dtypes."""
    expected, got = run(np, HELPER_CASES), run(tnp, HELPER_CASES)
    assert {n for n in HELPER_CASES if not same(expected[n], got[n])} == set()
    repaired = {n for n in EXPECTED_DIFFERENCES if n in HELPER_CASES}
    assert repaired == {"cumsum(bool)", "cumsum(uint8)"}


def test_runtime_helpers_repair_cumsum() -> None:
    for dt in (np.bool_, np.uint8):
        x = np.array([1, 0, 1], dt)
        r = n2t.ndarray.cumsum(tf.constant(x))
        assert r.dtype.as_numpy_dtype == np.cumsum(x).dtype
        np.testing.assert_array_equal(r, np.cumsum(x))


GETITEM_KEYS = [1, -1, slice(None), slice(1, None), slice(None, None, -1), (0, 2),
                (slice(None), 1), (Ellipsis, 0), (None, 1), (0, None, slice(1, 3)),
                (slice(-100, 100), slice(3, 0, -2)), (1, Ellipsis, slice(None, None, 2)),
                (), Ellipsis, (np.int64(1), np.int32(-2)), slice(5, 1)]


@pytest.mark.parametrize("key", GETITEM_KEYS, ids=[repr(k) for k in GETITEM_KEYS])
def test_fast_getitem_matches_numpy_and_tf(key: object) -> None:
    a = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    t = tf.constant(a)
    got = t[key]
    np.testing.assert_array_equal(got, a[key])
    assert got.shape == a[key].shape and got.dtype == tf.float32
    np.testing.assert_array_equal(got, tf.Tensor.__getitem__.numpy_style(t, key))


def test_fast_getitem_other_keys_graphs_and_xla() -> None:
    a = np.arange(12.0).reshape(3, 4)
    t = tf.constant(a)
    np.testing.assert_array_equal(t[t > 5], a[a > 5])
    np.testing.assert_array_equal(t[[0, 2]], a[[0, 2]])
    np.testing.assert_array_equal(t[tf.constant(1):], a[1:])
    f = tf.function(lambda x, i: x[i, ::-1], jit_compile=True)
    np.testing.assert_array_equal(f(t, tf.constant(2)), a[2, ::-1])
    with pytest.raises(IndexError):
        t[3]  # noqa: B018 -- NumPy's exception type
    assert [list(r) for r in (row.numpy() for row in t)] == a.tolist()
    assert _behavior.FAST_GETITEM and hasattr(tf.Tensor.__getitem__, "numpy_style")


# -- operators NumPy arrays have and tensors lacked (found by the held-out programs) -----------
@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.int64, np.uint32])
def test_shift_operators_match_numpy(dtype) -> None:
    import tensorflow as tf

    a = np.array([1, 2, 3, 7], dtype)
    t = tf.constant(a)
    for want, got in [(a << 2, t << 2), (a >> 1, t >> 1), (1 << a, 1 << t), ((a << 2) | (a >> 1), (t << 2) | (t >> 1))]:
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got.numpy(), want)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.uint64])
def test_unsigned_negation_abs_power_wrap_like_numpy(dtype) -> None:
    import tensorflow as tf

    a = np.array([0, 1, 2, 200], dtype)
    t = tf.constant(a)

    @tf.function
    def graph(x):  # abs(): AutoGraph calls tf.abs itself, which has no unsigned kernel
        return -x, x, x ** 2

    with np.errstate(over="ignore"):
        wants = (-a, abs(a), a ** 2)
    for got in ((-t, abs(t), t ** 2), graph(t)):
        for want, g in zip(wants, got):
            assert g.dtype == want.dtype
            np.testing.assert_array_equal(g.numpy(), want)


def test_dtypes_print_like_numpy() -> None:
    import tensorflow as tf

    t = tf.constant([1.0], tf.float32)
    assert str(t.dtype) == str(np.float32(1).dtype) == "float32"
    assert f"{t.dtype}" == "float32"
    assert repr(t.dtype) == "tf.float32"


def test_eager_tensors_print_like_numpy_arrays(capsys) -> None:
    import tensorflow as tf

    a = np.array([[1.5, 2.0], [3.0, 4.25]])
    t = tf.constant(a)
    print(t, tf.constant(0.25, tf.float64), [tf.constant([1, 2], tf.int64)])
    got = capsys.readouterr().out
    print(a, np.float64(0.25), [np.array([1, 2])])
    assert got == capsys.readouterr().out
    assert f"{tf.constant(0.123456, tf.float64):.3f}" == "0.123"
    assert str(tf.constant(7, tf.int64)) == "7"
    assert repr(tf.constant([1, 2], tf.int64)) == repr(np.array([1, 2]))


def test_text_arrays_stay_numpy_string_arrays() -> None:
    letters = tnp.array(list("FDCBA"))  # raised "data type 'C' not understood" before
    assert letters.dtype == np.array(list("FDCBA")).dtype
    picked = letters[n2t.digitize(tnp.array([55.0, 95.0]), [60, 70, 80, 90])]
    assert picked.tolist() == ["F", "A"]
    assert tnp.asarray(["a", "b"]).tolist() == ["a", "b"]
    assert isinstance(tnp.array([1, 2]), tf.Tensor)  # numbers are unaffected


LITERALS = [
    [1, 2], [1, 2.5], [[0, 0.5], [1, 0]], (1, 2), ((1.5,), (2.5,)), [[1, 2], (3, 4)], [-0.0, 1],
    [float("nan"), 1], [float("inf"), -1], [2**62, 1], [2**63 - 1], [1e308, 5e-324], [0.1, 0.2, 0.3],
    # not literals np2tf makes itself: TensorFlow's tnp.array runs (and raises as it raises)
    [2**63], [-(2**63) - 1], [True, 2], [True, False], [1 + 2j], [], [[], []], [[1, 2], [3]],
    [np.float32(1.5), 2.0], [np.int64(3)], [[1, 2], np.array([3, 4])], [None],
]


@pytest.mark.parametrize("value", LITERALS, ids=repr)
def test_number_literals_make_the_array_tnp_makes(value: object) -> None:
    for made, original in ((tnp.array, tnp.array.original), (tnp.asarray, tnp.asarray.original)):
        def outcome(fn: object) -> object:
            try:
                out = fn(value)  # type: ignore[operator]
            except Exception as e:  # noqa: BLE001 -- an error is an outcome too
                return type(e).__name__
            return (str(out.dtype), tuple(out.shape), np.asarray(out).tobytes())

        assert outcome(made) == outcome(original)
    if _behavior._numeric_literal(value) is not None:
        np.testing.assert_array_equal(np.asarray(tnp.array(value)), np.array(value))
        assert tnp.array(value).dtype == np.array(value).dtype


def test_number_literals_are_one_constant_in_graphs() -> None:
    graph = tf.function(lambda: tnp.array([[0, 0.5], [1, 0]]) * 2.0).get_concrete_function().graph
    assert [op.type for op in graph.get_operations()].count("Const") == 2  # the literal and 2.0
    assert "Identity" not in [op.type for op in graph.get_operations()][:-1]


def test_runtime_functions_hand_text_arrays_to_numpy() -> None:
    letters = tnp.array(list("FAFB"))
    values, counts = n2t.unique(letters, return_counts=True)
    want_values, want_counts = np.unique(np.array(list("FAFB")), return_counts=True)
    assert values.tolist() == want_values.tolist() and list(counts) == list(want_counts)
    assert n2t.ndarray.tolist(letters) == list("FAFB")
    assert isinstance(n2t.unique(tnp.array([3, 1, 3])), tf.Tensor)  # numbers stay TF


# -- x ** 2, x ** 0.5, x ** -1: NumPy's square, sqrt and reciprocal, bit for bit ---------------
def _bits(a: np.ndarray) -> np.ndarray:
    return a.view({4: np.uint32, 8: np.uint64}[a.dtype.itemsize]) if a.dtype.kind == "f" else a


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64])
def test_power_by_numpys_fast_paths_is_bit_exact(dtype) -> None:
    rng = np.random.default_rng(7)
    if np.dtype(dtype).kind == "f":
        # (results stay normal numbers: TF flushes subnormals to zero, NumPy keeps them)
        a = (rng.random(20_000) * 10.0 ** rng.uniform(-15, 15, 20_000)).astype(dtype)
        a[:6] = [0.0, -0.0, np.inf, -np.inf, np.nan, -2.5]
        exponents = [2, 2.0, 0.5, -1, -1.0, 1, 1.0]
    else:
        a = rng.integers(-50_000, 50_000, 20_000).astype(dtype)
        exponents = [2]
    t = tf.constant(a)
    for p in exponents:
        graph = tf.function(lambda x, p=p: (x ** p, n2t.power(x, p)))
        with np.errstate(all="ignore"):
            want = a ** p
            assert (np.power(a, p) == want).all() or np.isnan(want).any()
        for got in (t ** p, n2t.power(t, p), *graph(t)):
            assert got.dtype == want.dtype, (p, got.dtype)
            np.testing.assert_array_equal(_bits(got.numpy()), _bits(want), err_msg=f"x ** {p!r}")


def test_reciprocal_is_a_division_like_numpys() -> None:
    # tf.math.reciprocal is an ulp off NumPy for a third of float32 values, and Grappler
    # turns a division of a constant one into it in graphs
    a = np.random.default_rng(3).random(20_000).astype(np.float32) * 1e3
    t = tf.constant(a)
    graphs = (tf.function(n2t.reciprocal)(t), tf.function(lambda x: x ** -1)(t), tf.function(lambda x: 1 / x)(t))
    for got in (n2t.reciprocal(t), 1 / t, *graphs):
        np.testing.assert_array_equal(_bits(got.numpy()), _bits(np.reciprocal(a)))


def test_other_exponents_keep_tfs_power() -> None:
    a = np.linspace(0.5, 4.0, 11)
    t = tf.constant(a)
    for p in (3, -1.5, 1.5, 0, True):
        got = t ** p
        assert got.dtype == tf.float64
        np.testing.assert_allclose(got.numpy(), a ** p, rtol=1e-15)
    # the exponent's type decides for integers: ** 2.0 is a float power, as in NumPy
    i = tf.constant([1, 2, 3])
    assert (i ** 2.0).dtype == np.dtype((np.arange(3) ** 2.0).dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_division_by_a_python_number_stays_a_division_in_graphs(dtype) -> None:
    # Grappler's constant folding turned x / c into x * (1 / c): an ulp off NumPy
    a = np.random.default_rng(5).uniform(-1e3, 1e3, 20_000).astype(dtype)
    t = tf.constant(a)
    dx = 2 / 30
    graph = tf.function(lambda x: (x / (2 * dx), x / 3, (x + 1.0) / 0.1))
    wants = (a / (2 * dx), a / 3, (a + 1.0) / 0.1)
    for got, want in zip(graph(t), wants):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(_bits(got.numpy()), _bits(want))
    i = tf.constant([1, 2, 3])
    assert tf.function(lambda x: x / 2)(i).dtype == (np.arange(3) / 2).dtype


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_division_by_a_square_root_stays_a_division_in_graphs(dtype) -> None:
    # Grappler's arithmetic optimizer made x / sqrt(y) into x * rsqrt(y): a quarter of the
    # elements an ulp off NumPy
    rng = np.random.default_rng(9)
    a, b = (rng.uniform(0.1, 10.0, 20_000).astype(dtype) for _ in range(2))
    ta, tb = tf.constant(a), tf.constant(b)
    # one graph each: Grappler merges equal Sqrt nodes and rewrites only a Sqrt used once
    graphs = (lambda x, y: x / n2t.sqrt(y), lambda x, y: x / tf.sqrt(y), lambda x, y: 2.5 / n2t.sqrt(y),
              lambda x, y: x / (n2t.sqrt(y) + 1), lambda x, y: 1 / n2t.sqrt(y), lambda x, y: n2t.sqrt(y) ** -1)
    wants = (a / np.sqrt(b), a / np.sqrt(b), dtype(2.5) / np.sqrt(b), a / (np.sqrt(b) + 1),
             dtype(1) / np.sqrt(b), np.sqrt(b) ** -1)
    for graph, want in zip(graphs, wants):
        got = tf.function(graph)(ta, tb)
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(_bits(got.numpy()), _bits(want))


def test_gradients_flow_through_the_exact_operators_in_graphs() -> None:
    # the placeholders that keep Grappler's rewrites away pass gradients on
    x = tf.constant([1.0, 2.0], tf.float64)
    y = tf.constant([4.0, 9.0], tf.float64)

    def grads(x, y):
        with tf.GradientTape() as tape:
            tape.watch([x, y])
            z = tf.reduce_sum(x / tf.sqrt(y) + 1 / x + x ** 2 + x ** -1 + x / 3.0)
        return tape.gradient(z, [x, y])

    want = [2.0 * x.numpy() + 1 / np.sqrt(y.numpy()) - 2 / x.numpy() ** 2 + 1 / 3.0, -0.5 * x.numpy() * y.numpy() ** -1.5]
    for got in (grads(x, y), tf.function(grads)(x, y)):
        for g, w in zip(got, want):
            np.testing.assert_allclose(g.numpy(), w, rtol=1e-14)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_np_divide_stays_a_division_in_graphs(dtype) -> None:
    # np.divide (n2t.divide) and a constant tensor divisor get the same care as `/`
    rng = np.random.default_rng(11)
    a, b = (rng.uniform(0.1, 10.0, 20_000).astype(dtype) for _ in range(2))
    ta, tb = tf.constant(a), tf.constant(b)
    cases = ((lambda x, y: n2t.divide(x, n2t.sqrt(y)), a / np.sqrt(b)),
             (lambda x, y: n2t.divide(x, 3.0), a / dtype(3.0)),
             (lambda x, y: n2t.divide(1.0, y), dtype(1.0) / b),
             (lambda x, y: x / tf.constant(0.3, x.dtype), a / dtype(0.3)))
    for graph, want in cases:
        got = tf.function(graph)(ta, tb)
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(_bits(got.numpy()), _bits(want))


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.complex128])
def test_negative_zero_keeps_its_sign_after_zero_was_converted(dtype: object) -> None:
    # TensorFlow's eager scalar cache maps -0.0 to a cached +0.0 of the same dtype
    tf.constant(0.0, tf.as_dtype(dtype))
    x = tf.constant(np.array([1.0, 2.0], dtype))
    for got, want in ((x * -0.0, np.array([1.0, 2.0], dtype) * -0.0), (-0.0 * x, -0.0 * np.array([1.0, 2.0], dtype)),
                      (n2t.setitem(tf.zeros(3, tf.as_dtype(dtype)), 1, -0.0), np.array([0.0, -0.0, 0.0], dtype))):
        assert np.signbit(np.real(np.asarray(got))).tolist() == np.signbit(np.real(want)).tolist()
    assert _behavior.signed_zero(0.0, tf.float64) is None and _behavior.signed_zero(-0.0, tf.int32) is None
