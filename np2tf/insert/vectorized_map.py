"""Per-example comprehensions become ``tf.vectorized_map`` inside compiled functions.

What it does:
    Rewrites ``tnp.stack([f(x) for x in xs])`` and ``tnp.array([f(x) for x in xs])``
    (``xs`` an array or a ``range``) into ``tf.vectorized_map(lambda x: f(x), xs)``,
    but only inside a function np2tf compiles with ``tf.function``.

NumPy vs TensorFlow:
    A comprehension over a tensor cannot run in a graph (AutoGraph does not convert
    comprehensions) and eagerly costs one dispatch per example. ``vectorized_map``
    turns the element function into batched ops: 350-790x faster than an eager loop
    inside a ``tf.function``, but slower outside one (it retraces per call), which is why
    it is never emitted in eager code.

Example:
    ``tnp.stack([tnp.linalg.norm(X[i] - c) for i in range(n)])`` ->
    ``tf.vectorized_map(lambda i: tnp.linalg.norm(X[i] - c), tf.range(n))``

Fidelity:
    Only comprehensions with one ``for``, no ``if`` and an element that is certainly an
    array are rewritten; ops without a vectorized rule fall back to a ``while_loop``
    (``fallback_to_while_loop=True``, TF's default), so values are unchanged.

Options:
    Applied with ``tf_function="auto"`` or ``"all"``.
"""

from __future__ import annotations

import libcst as cst

from np2tf.insert._analysis import Module, dotted, is_range


def match(call: cst.Call, info: Module, arrays: set[str]) -> cst.ListComp | None:
    """The comprehension of a ``tnp.stack([...])``/``tnp.array([...])`` call np2tf can vectorize."""
    name = dotted(call.func)
    if name not in (f"{info.tnp}.stack", f"{info.tnp}.array", f"{info.tnp}.asarray") or len(call.args) != 1:
        return None
    comp = call.args[0].value
    if call.args[0].keyword is not None or not isinstance(comp, cst.ListComp):
        return None
    loop = comp.for_in
    if loop.inner_for_in is not None or loop.ifs or not isinstance(loop.target, cst.Name) or loop.asynchronous:
        return None
    if not (is_range(loop.iter, info) or info.is_array_expr(loop.iter, arrays)):
        return None
    element = comp.elt
    called = isinstance(element, cst.Call) and isinstance(element.func, cst.Name) and info.returns_arrays(element.func.value) == 1
    if not (called or info.is_array_expr(element, arrays | {loop.target.value} - ({loop.target.value} if is_range(loop.iter, info) else set()))):
        return None
    return comp


def vectorize(comp: cst.ListComp, info: Module) -> cst.Call:
    """``tf.vectorized_map(lambda x: elt, xs)`` for a matched comprehension."""
    loop = comp.for_in
    xs = loop.iter
    if isinstance(xs, cst.Call) and dotted(xs.func) == "range":
        xs = xs.with_changes(func=cst.parse_expression(f"{info.tf}.range"))
    info.context.target("tf.vectorized_map")
    target = loop.target
    assert isinstance(target, cst.Name)
    fn = cst.Lambda(params=cst.Parameters(params=[cst.Param(name=target)]), body=comp.elt)
    return cst.Call(func=cst.parse_expression(f"{info.tf}.vectorized_map"), args=[cst.Arg(fn), cst.Arg(xs)])
