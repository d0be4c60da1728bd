"""Report the random draws whose numbers differ from NumPy's after conversion.

What it does:
    ``np.random.seed(s)``, ``RandomState(s)`` and the common legacy samplers convert to
    ``np2tf.runtime.random``, which draws NumPy's own MT19937 stream with TF ops: a seeded
    program gives NumPy's numbers. This pass reports, as note N2T105, the draws that do not:
    legacy samplers outside :data:`STREAM_EXACT` (multivariate_normal, noncentral_*, ...), the same
    methods called on a ``RandomState`` object, and ``default_rng(s)`` / ``Generator``
    (whose PCG64 stream np2tf does not reproduce: every draw from it differs).

NumPy vs TensorFlow:
    TF's generators (Philox, ThreeFry) draw other numbers from the same seed. The
    distributions, shapes and dtypes are NumPy's; only the values differ.

Example:
    ``np.random.seed(0); g = np.random.gamma(2.0, size=3)`` -> N2T105 at ``np.random.gamma``.

Fidelity:
    Same numbers as NumPy for :data:`STREAM_EXACT` (uniform and integer draws bit for bit,
    the rest to a few ulps). ``--random numpy`` draws every sampler with NumPy on the host.
"""

from __future__ import annotations

import libcst as cst

from np2tf.resolve import RANDOM_DRAWS
from np2tf.rewrite import RewriteContext, planner

# Legacy samplers np2tf.runtime draws from NumPy's MT19937 stream with NumPy's algorithm
# (np2tf/runtime/_legacy.py EXACT; tests/runtime/test_random_stream.py keeps them equal).
STREAM_EXACT = frozenset({
    "seed", "rand", "randn", "random", "random_sample", "ranf", "sample", "randint",
    "random_integers", "tomaxint", "uniform", "normal", "standard_normal", "choice",
    "permutation", "shuffle", "standard_exponential", "exponential", "lognormal",
    "standard_cauchy", "weibull", "pareto", "power", "rayleigh", "laplace", "gumbel",
    "logistic", "triangular", "standard_gamma", "gamma", "chisquare", "f", "beta", "standard_t",
    "dirichlet", "poisson", "binomial", "geometric", "negative_binomial", "multinomial", "wald",
})  # fmt: skip

# numpy.random names that draw nothing (constructors, state, bit generators).
_NOT_DRAWS = frozenset({
    "RandomState", "default_rng", "Generator", "get_state", "set_state", "BitGenerator",
    "MT19937", "PCG64", "PCG64DXSM", "Philox", "SFC64", "SeedSequence",
})  # fmt: skip

_PREFIX = "numpy.random."


@planner(order=1)
def plan_random_streams(context: RewriteContext) -> None:
    """N2T105 at every draw whose numbers will not be NumPy's."""
    if context.options.random == "numpy":
        return  # NumPy's own generators on the host: every stream is NumPy's
    resolver = context.resolver
    for ref in resolver.references():
        name = ref.qualified_name
        if not name.startswith(_PREFIX) or not resolver.is_load(ref.node):
            continue
        short = name[len(_PREFIX):]
        rule = context.rules.lookup(name)
        if rule is None or rule.fidelity == "untranslatable" or not rule.tf.startswith("np2tf.runtime.random"):
            continue  # reported elsewhere (N2T100/N2T101) or left alone
        parent = resolver.parents.get(ref.node)
        call = parent if isinstance(parent, cst.Call) and parent.func is ref.node else None
        if short in ("default_rng", "Generator"):
            if call is not None and call.args:
                context.report(
                    call, "N2T105",
                    f"`{name}` seeds NumPy's PCG64 stream: np2tf's Generator draws other numbers "
                    "from the same seed (same distributions, shapes and dtypes)",
                    "use np.random.seed / RandomState (reproduced exactly), or convert with "
                    "--random numpy to draw NumPy's numbers on the host",
                )
        elif short not in STREAM_EXACT and short not in _NOT_DRAWS:
            context.report(ref.node, "N2T105", _inexact(name), _HELP)
    for node in resolver.nodes:
        if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)):
            continue
        method = node.func.attr.value
        if method in RANDOM_DRAWS and method not in STREAM_EXACT and _is_random_state(context, node.func.value):
            context.report(node.func, "N2T105", _inexact(f"RandomState.{method}"), _HELP)


_HELP = "convert with --random numpy to draw NumPy's numbers on the host"


def _inexact(name: str) -> str:
    return (f"`{name}` draws from TensorFlow's generator, not NumPy's stream: other numbers "
            "(same distribution, shape and dtype), and later draws are not shifted as NumPy's are")


def _is_random_state(context: RewriteContext, expr: cst.CSTNode) -> bool:
    """Whether ``expr`` is a legacy ``RandomState`` (a call of it, a name bound to one, or a
    parameter every caller passes one for)."""
    return context.resolver.generator_kind(expr) == "RandomState"
