"""Scalar-type constructors: ``np.float32(x)``, ``np.int64(n)``.

What it does:
    ``np.float32(x)`` -> ``tnp.asarray(x, dtype=tnp.float32)``.

NumPy vs TensorFlow:
    ``tnp.float32`` *is* NumPy's scalar type, so calling it builds a NumPy value on the
    host, which fails on symbolic tensors inside ``tf.function``. ``tnp.asarray`` with a
    dtype casts the way NumPy's constructor does (floats truncate toward zero when cast
    to integers) and works on tensors, arrays and Python numbers alike.

Example:
    ``scale = np.float32(2.5)`` -> ``scale = tnp.asarray(2.5, dtype=tnp.float32)``

Fidelity:
    exact for numbers, arrays and tensors; strings (``np.float32("1.5")``) are left
    unchanged with N2T102.
"""

from __future__ import annotations

import libcst as cst

from np2tf.rewrite import RewriteContext, named_rewrite
from np2tf.ruleset import Rule


@named_rewrite("dtype_call")
def dtype_call(context: RewriteContext, original: cst.Call, updated: cst.Call, rule: Rule) -> cst.BaseExpression | None:
    """``np.<dtype>(x)`` -> ``tnp.asarray(x, dtype=tnp.<dtype>)``; other call shapes keep the rename."""
    dtype = context.target(rule.tf)
    args = original.args
    if len(args) == 1 and args[0].keyword is None and not args[0].star:
        if isinstance(args[0].value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
            context.report(original, "N2T102", f"`{rule.numpy}` of a string parses it on the host; left unchanged", "convert the number before building the array")
            return None
        value = updated.args[0].value
        return cst.Call(
            context.target("tf.experimental.numpy.asarray"),
            [cst.Arg(value), cst.Arg(dtype, keyword=cst.Name("dtype"), equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))],
            lpar=updated.lpar,
            rpar=updated.rpar,
        )
    return updated.with_changes(func=dtype)
