"""``out=`` arguments: ``np.multiply(a, 2, out=buf)`` as a statement.

What it does:
    ``np.clip(a, 0, 1, out=a)`` -> ``a = tnp.asarray(n2t.clip(a, 0, 1), dtype=a.dtype)``:
    the call without ``out=``, cast to the written array's dtype (NumPy casts the result
    into ``out``), bound to the written name.

NumPy vs TensorFlow:
    Tensors have no buffers to write into. The written name is planned like any other
    in-place write (``np2tf/rewrite/mutation.py``): rebound when nothing else holds the
    array, kept in NumPy when something might, reported otherwise.

Example:
    ``np.add(acc, x, out=acc)`` -> ``acc = tnp.asarray(tnp.add(acc, x), dtype=acc.dtype)``

    ``np.divide(a, b, out=a, where=b != 0)`` -> ``a = n2t.ufunc.masked(n2t.divide(a, b), b != 0, a)``

Fidelity:
    shim. Only statements passing ``out=`` by keyword with a plain local name.
"""

from __future__ import annotations

import libcst as cst

from np2tf.rewrite import RewriteContext, named_rewrite
from np2tf.ruleset import Rule


@named_rewrite("out_argument")
def out_argument(context: RewriteContext, original: cst.Call, updated: cst.Call, rule: Rule) -> cst.BaseExpression | None:
    """Drop ``out=``, cast to its dtype and mark the statement to bind the result."""
    statement = context.resolver.parents.get(original)
    mutation = context.mutations.get(statement)
    if mutation is None or not mutation.convert:
        return None
    written = mutation.label
    context.statement_rebinds[statement] = written  # type: ignore[index]
    args = [a for a in updated.args if not (a.keyword is not None and a.keyword.value in ("out", "where"))]
    where = next((a.value for a in updated.args if a.keyword is not None and a.keyword.value == "where"), None)
    if args:
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    if where is not None:
        # ufunc(..., out=a, where=m): the result where m holds, a's old values elsewhere.
        call = updated.with_changes(args=args)
        return cst.Call(context.target("np2tf.runtime.ufunc.masked"), [cst.Arg(call), cst.Arg(where), cst.Arg(cst.parse_expression(written))])
    no_eq = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
    dtype = cst.Attribute(cst.parse_expression(written), cst.Name("dtype"))  # `a` or `self.v`
    return cst.Call(context.target("tf.experimental.numpy.asarray"), [cst.Arg(updated.with_changes(args=args)), cst.Arg(dtype, keyword=cst.Name("dtype"), equal=no_eq)])
