"""Rewrite references to NumPy APIs through the rule tables.

What it does:
    Maps every NumPy name (``np.sum``, ``la.norm``, ``z`` from ``from numpy import zeros
    as z``, ``np.float32``, ``np.pi``) to its rule's target, renaming keywords the target
    spells differently.

NumPy vs TensorFlow:
    The tables record what differs per API. A call that passes an argument the target
    cannot honour (``out=``, ``order=``...) is left unchanged with N2T102, never silently
    dropped.

Example:
    ``np.cumsum(x, axis=0)`` -> ``tnp.cumsum(x, axis=0)``

Fidelity:
    As the row says; ``approximate`` rows only with ``--allow-approximate``.
"""

from __future__ import annotations

import libcst as cst

from np2tf.rewrite import CUSTOM, RewriteContext, planner, register
from np2tf.rewrite.custom.ufunc_where import is_masked_ufunc_call
from np2tf.rewrite.mutation import INPLACE_FUNCTIONS
from np2tf.ruleset import Rule



def target_for(context: RewriteContext, rule: Rule) -> str:
    """The dotted target a row converts to under the current options."""
    if context.options.random == "numpy" and (rule.tf + ".").startswith("np2tf.runtime.random."):
        # --random numpy: NumPy's own generators on the host, bit-identical streams.
        return "np2tf.runtime.random_numpy" + rule.tf[len("np2tf.runtime.random") :]
    return rule.tf


def _enclosing_call(context: RewriteContext, node: cst.CSTNode) -> cst.Call | None:
    parent = context.resolver.parents.get(node)
    return parent if isinstance(parent, cst.Call) and parent.func is node else None


def bind_arguments(rule: Rule, call: cst.Call) -> dict[str, cst.Arg] | None:
    """Map NumPy parameter names to the call's arguments; ``None`` when ``*``/``**`` hide them.

    ``rule.args`` lists NumPy's parameters in order; a var-positional one is written
    ``*name`` and takes every remaining positional argument.
    """
    bound: dict[str, cst.Arg] = {}
    params = list(rule.args or ())
    position = 0
    for arg in call.args:
        if arg.star:
            return None
        if arg.keyword is not None:
            bound[arg.keyword.value] = arg
            continue
        if position < len(params) and params[position].startswith("*"):
            bound.setdefault(params[position], arg)
            continue
        name = params[position] if position < len(params) else f"#{position}"
        bound[name] = arg
        position += 1
    return bound


def out_target(context: RewriteContext, call: cst.Call, out: cst.Arg) -> cst.Name | cst.Attribute | None:
    """The name (or ``self.attr``) ``out=`` writes, when the call is a statement of its own
    and passes it by keyword; the mutation planner decides whether it can be rebound."""
    value = out.value
    self_attribute = isinstance(value, cst.Attribute) and isinstance(value.value, cst.Name)  # out=self.v
    if out.keyword is None or not (isinstance(value, cst.Name) or self_attribute):
        return None
    return value if isinstance(context.resolver.parents.get(call), cst.Expr) else None


def _check_call(context: RewriteContext, rule: Rule, call: cst.Call) -> bool:
    """Report arguments the target cannot honour; ``True`` when the call can convert."""
    if not rule.unsupported_args and not rule.rename_args:
        return True
    bound = bind_arguments(rule, call)
    if bound is None:
        context.report(
            call,
            "N2T102",
            f"`{rule.numpy}` called with `*`/`**` arguments: np2tf cannot check them against "
            f"unsupported arguments ({', '.join(rule.unsupported_args)})",
            "pass the arguments explicitly",
        )
        return False
    used = [name for name in rule.unsupported_args if name in bound]
    if used in (["out"], ["out", "where"]) and out_target(context, call, bound["out"]) is not None:
        if used == ["out"] or "casting" in (rule.args or ()):
            return True  # `f(..., out=a[, where=m])` as a statement: rewrite/custom/out_argument.py rebinds `a`
    if is_masked_ufunc_call(rule, call, used):
        return True  # `f(a, b, out=np.zeros_like(a), where=m)`: rewrite/custom/ufunc_where.py
    if used:
        context.report(
            call,
            "N2T102",
            f"`{rule.numpy}` argument `{used[0]}=` has no TensorFlow equivalent; call left unchanged",
            rule.difference or f"remove `{used[0]}=` or rewrite the call by hand",
        )
        return False
    return True


def report_tie_order(context: RewriteContext, node: cst.CSTNode, call: cst.Call | None, spelling: str) -> None:
    """N2T106 for an argsort whose ties NumPy may order differently from the stable shim.

    NumPy's default ``kind`` (quicksort; SIMD sorts on x86) leaves equal elements in no
    particular order; ``kind='stable'``/``'mergesort'`` or ``stable=True`` makes NumPy agree.
    """
    for arg in call.args if call is not None else ():
        name = arg.keyword.value if arg.keyword is not None else None
        value = arg.value
        if name == "kind" and isinstance(value, cst.SimpleString) and value.evaluated_value in ("stable", "mergesort"):
            return
        if name == "stable" and isinstance(value, cst.Name) and value.value == "True":
            return
    context.report(
        node,
        "N2T106",
        f"`{spelling}` without kind='stable': NumPy leaves the order of equal elements unspecified (its SIMD quicksort may reorder ties); the conversion keeps them in index order",
        "pass kind='stable' if the order of ties matters (NumPy then agrees)",
    )


@planner(order=0)
def plan_references(context: RewriteContext) -> None:
    """Decide the replacement of every NumPy reference before the transform runs."""
    for ref in context.resolver.references():
        node, name = ref.node, ref.qualified_name
        if not context.resolver.is_load(node):
            continue
        rule = context.rules.lookup(name)
        if rule is None:
            context.report(
                node,
                "N2T100",
                f"`{name}` has no conversion rule; left as NumPy (runs on the host)",
                "rewrite it with TensorFlow ops, or ask for a rule",
            )
            continue
        if rule.fidelity == "untranslatable":
            context.report(node, "N2T101", f"`{name}` has no TensorFlow equivalent; left unchanged", rule.guideline)
            continue
        if rule.fidelity == "approximate" and not context.options.allow_approximate:
            context.report(
                node,
                "N2T103",
                f"`{name}` converts only approximately: {rule.difference}",
                "pass --allow-approximate to convert it anyway",
            )
            continue
        call = _enclosing_call(context, node)
        if call is not None and not _check_call(context, rule, call):
            continue
        if name == "numpy.argsort":
            report_tie_order(context, node, call, "np.argsort")
        custom_name = rule.custom or ("rebind_argument" if name in INPLACE_FUNCTIONS else "")
        if call is not None and any(a.keyword is not None and a.keyword.value == "out" for a in call.args) and "out" in rule.unsupported_args:
            custom_name = "out_argument"
            if is_masked_ufunc_call(rule, call, [a.keyword.value for a in call.args if a.keyword is not None and a.keyword.value in rule.unsupported_args]):
                custom_name = "ufunc_where"
        if rule.kind == "dtype" and call is not None:
            custom_name = "dtype_call"
        if custom_name:
            if call is None:
                context.report(node, "N2T200", f"`{name}` writes into its argument; used here as a value, np2tf cannot rebind it")
                continue
            context.custom_calls[call] = (rule, custom_name)
            continue
        if not rule.tf:
            continue
        target = rule.tf
        if target != target_for(context, rule):
            target = target_for(context, rule)
            context.report(node, "N2T104", f"`{name}` draws with NumPy's generator on the host (--random numpy): same stream as NumPy, no XLA, no GPU")
        elif rule.fidelity == "host":
            context.report(node, "N2T104", f"`{name}` runs on the host through NumPy (no XLA, no GPU)")
        context.replacements[node] = context.target(target)
        if call is not None and rule.rename_args:
            context.keyword_renames[call] = rule.rename_args


@register(cst.Call)
def rename_keywords_and_customs(context: RewriteContext, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode | None:
    """Apply keyword renames and named rewrites decided by :func:`plan_references`."""
    assert isinstance(updated, cst.Call)
    custom_call = context.custom_calls.get(original)
    if custom_call is not None:
        rule, name = custom_call
        return CUSTOM[name](context, original, updated, rule)
    renames = context.keyword_renames.get(original)
    if not renames:
        return None
    args = [
        a.with_changes(keyword=cst.Name(renames[a.keyword.value])) if a.keyword and a.keyword.value in renames else a
        for a in updated.args
    ]
    return updated.with_changes(args=args)
