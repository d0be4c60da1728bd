"""Device scopes: converted entry points run on ``--device``, overridable at run time.

What it does:
    With ``Options.device`` set (``--device /GPU:0``), places the code that runs converted
    ops on that device:

    * every top-level function that runs converted ops (directly or through other module
      functions) gets ``@n2t.on_device("/GPU:0")`` as its outermost decorator, unless all
      its callers in the module are functions that already have one (it then runs on
      their device, without a second scope per call; N2T412);
    * each run of consecutive module-level statements (not imports, ``def`` or ``class``)
      that runs converted ops is wrapped in ``with tf.device(n2t.device("/GPU:0")):``.

    ``n2t.device(default)`` returns ``NP2TF_DEVICE`` when set, else ``default``, so the
    device can change at run time. Decisions are N2T410 (function), N2T411 (module code)
    and N2T412 (no scope, with the reason).

NumPy vs TensorFlow:
    TensorFlow places each op on a device and, in eager mode, copies every input that lives
    elsewhere once per op that reads it. ``on_device`` copies tensor arguments that live
    on another device once, where they enter the function (``tf.identity`` under the
    scope); arrays made inside the scope are created on the device.

Example:
    ``def step(W, X): ...`` compiled by np2tf becomes ``@n2t.on_device("/GPU:0")``
    ``@tf.function(reduce_retracing=True)`` ``def step(W, X): ...``.

Fidelity:
    Placement only; values are unchanged. The scope is a decorator rather than a ``with``
    inside the body because a ``tf.function``'s placement is decided by the scope around
    its call: inside the body, XLA (``jit_compile``) ignores it and the outputs come back
    to the caller's device. Methods (classes are left alone), NumPy arrays passed in
    (converted where an op reads them, as TensorFlow always does) and nested containers
    of tensors are not moved.

Options:
    ``device`` (``--device``, ``device =`` in ``[tool.np2tf]``); ``NP2TF_DEVICE`` at run time.
"""

from __future__ import annotations

import libcst as cst

from np2tf.insert import inserter
from np2tf.insert._analysis import Module, analyse_module, dotted, walk
from np2tf.rewrite import RewriteContext

HELPER_PREFIX = "_n2t_"


def _runs_ops(node: cst.CSTNode, info: Module, op_functions: set[str]) -> bool:
    for n in walk(node):
        if isinstance(n, (cst.FunctionDef, cst.ClassDef)) and n is not node:
            continue
        if info.is_tf_call(n) and not _is_device_call(n, info):
            return True
        if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value in op_functions:
            return True
    return False


def _is_device_call(node: cst.CSTNode, info: Module) -> bool:
    return isinstance(node, cst.Call) and dotted(node.func) in (f"{info.tf}.device", f"{info.n2t}.device", f"{info.n2t}.on_device")


def _is_scope(stmt: cst.CSTNode, info: Module) -> bool:
    """A ``with tf.device(...)`` np2tf wrote (converting again must not nest another)."""
    return isinstance(stmt, cst.With) and any(_is_device_call(item.item, info) for item in stmt.items)


def _has_scope(func: cst.FunctionDef, info: Module) -> bool:
    return any(isinstance(d.decorator, cst.Call) and dotted(d.decorator.func) == f"{info.n2t}.on_device" for d in func.decorators)


def _op_functions(info: Module) -> set[str]:
    """Module functions that run converted ops, directly or through other module functions."""
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, func in info.functions.items():
            if name not in found and _runs_ops(func.body, info, found):
                found.add(name)
                changed = True
    return found


def _module_statement(stmt: cst.CSTNode) -> bool:
    """A statement that can go under a ``with`` at module level (not an import or a definition)."""
    if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
        return False
    if isinstance(stmt, cst.SimpleStatementLine):
        return not any(isinstance(s, (cst.Import, cst.ImportFrom)) or (isinstance(s, cst.Expr) and isinstance(s.value, (cst.SimpleString, cst.ConcatenatedString))) for s in stmt.body)
    return True


@inserter(order=20)
def insert_device(module: cst.Module, context: RewriteContext) -> cst.Module:
    """Place entry points and module-level code that run converted ops on ``options.device``."""
    target = context.options.device
    if target is None:
        return module
    info = analyse_module(module, context)
    original = context.resolver.module.body
    if len(original) == len(module.body):  # rewrites keep top-level statements one for one
        info.originals.update(zip(module.body, original))
    literal = cst.SimpleString(repr(target))
    ops = _op_functions(info)
    scoped = {name for name in ops if not name.startswith(HELPER_PREFIX)}
    # Callees only reached from scoped functions run on their caller's device.
    changed = True
    while changed:
        changed = False
        for name in sorted(scoped):
            callers = info.callers.get(name, [])
            if callers and all(owner in scoped and owner != name for owner, _ in callers):
                scoped.discard(name)
                info.report(info.functions[name], "N2T412", f"`{name}` gets no device scope of its own: it is only called from {', '.join(sorted({o for o, _ in callers}))}, which already run on the device")
                changed = True
    body: list[cst.CSTNode] = []
    run: list[cst.CSTNode] = []

    def flush() -> None:
        if run and any(_runs_ops(s, info, ops) for s in run):
            expr = f"{info.tf}.device({info.n2t}.device({literal.value}))"
            context.target("tf.device")
            context.runtime("device")
            info.report(run[0], "N2T411", f"module-level code runs under `with tf.device(n2t.device({literal.value}))`; NP2TF_DEVICE overrides the device at run time")
            first = run[0]
            lines = getattr(first, "leading_lines", [])
            inner = [s.with_changes(leading_lines=[]) if s is first and hasattr(s, "leading_lines") else s for s in run]
            body.append(cst.With(items=[cst.WithItem(cst.parse_expression(expr))], body=cst.IndentedBlock(inner), leading_lines=lines))  # type: ignore[arg-type]
        else:
            body.extend(run)
        run.clear()

    for stmt in module.body:
        if _module_statement(stmt) and not _is_scope(stmt, info):
            run.append(stmt)
            continue
        flush()
        if isinstance(stmt, cst.FunctionDef) and stmt.name.value in scoped and not _has_scope(stmt, info):
            context.runtime("on_device")
            decorator = cst.Decorator(cst.parse_expression(f"{info.n2t}.on_device({literal.value})"))
            info.report(stmt, "N2T410", f"`{stmt.name.value}` runs under `tf.device(n2t.device({literal.value}))` on every call; tensor arguments on another device are copied to it once, on entry", "NP2TF_DEVICE overrides the device at run time")
            stmt = stmt.with_changes(decorators=[decorator, *stmt.decorators])
        elif isinstance(stmt, cst.FunctionDef) and stmt.name.value not in ops and not stmt.name.value.startswith(HELPER_PREFIX):
            info.report(stmt, "N2T412", f"`{stmt.name.value}` gets no device scope: it runs no converted ops np2tf can see (no tnp/n2t/tf calls, no calls to functions that make them)")
        body.append(stmt)
    flush()
    return module.with_changes(body=body)
