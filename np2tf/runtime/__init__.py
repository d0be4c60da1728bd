"""Runtime shim imported by converted code as ``import np2tf.runtime as n2t``.

Importing it turns on TensorFlow's NumPy behaviour exactly once (the switch is
process-global), whatever the import order. It holds the helpers converted code calls
where a plain ``tnp``/``tf`` call cannot express NumPy's semantics: ndarray methods that
tensors lack (:mod:`np2tf.runtime.ndarray`), functional index writes, NumPy's linalg,
fft and random conventions, and the functions TensorFlow lacks.

Every helper is built from TensorFlow ops, so it runs inside ``tf.function``, under XLA
and on GPUs. This package imports TensorFlow; nothing in the converter imports it.

It also asks TensorFlow for its caching (BFC) allocator on the CPU, unless the
environment already says (``TF_CPU_ALLOCATOR_USE_BFC``) or TensorFlow has allocated
already. The default allocator maps and unmaps every large buffer, so an elementwise op on
640,000 float64 values spent more time faulting fresh pages in than computing; converted
code allocates a new tensor where NumPy wrote in place. Measured side by side on the
held-out programs at their large sizes: wave2d 25% faster, kmeans 15-20%, convection2d
15%, pagerank 20%, nbody 9%, the others within noise; peak memory lower for wave2d and
kmeans, 90 MB higher for pagerank. ``TF_CPU_ALLOCATOR_USE_BFC=false`` turns it off.

When it is imported before TensorFlow (converted code imports it first), it turns
TensorFlow's oneDNN graph rewrite off, unless the environment already says
(``TF_ENABLE_ONEDNN_OPTS``). That rewrite runs on every graph TensorFlow instantiates
(each compiled function, loop body and branch, at its first call) and cost 10-40 ms a
function on this machine, while its kernels serve float32 and bfloat16, not the float64
NumPy code computes in. Measured side by side on the held-out programs (fresh processes):
pagerank's published size 77 -> 41-48 ms, kmeans 281 -> 164-175 ms, softmax 850 -> 650
ms; at the large sizes ising 935 -> 763 ms, kmeans 592 -> 455 ms, mlp_spiral 849 -> 710
ms. Eager ops cost the same either way. What it gives up: float32 convolutions ran ~2x
and float32 matrix products ~15% faster with it. ``TF_ENABLE_ONEDNN_OPTS=1`` keeps it.

It starts TensorFlow's eager context with eager ops as plain kernels (:mod:`np2tf.runtime._eager`),
unless something ran an op before: TensorFlow's default runs each eager op as a one-op
function, whose first call per op signature costs 0.4-1.2 ms. ``NP2TF_EAGER_OP_AS_FUNCTION=1``
keeps the default. The context it starts runs a lighter Grappler (one round of
passes, no memory optimizer, no TFG hook; ``NP2TF_LIGHT_GRAPPLER=0`` keeps TensorFlow's).

And it keeps compiled XLA kernels for later processes (:mod:`np2tf.runtime._xla_cache`,
``~/.cache/np2tf/xla``; ``NP2TF_XLA_CACHE=off`` turns it off): a rerun loads each in
~0.03 s instead of compiling it again (~0.15-0.3 s).
"""

import os
import sys

os.environ.setdefault("TF_CPU_ALLOCATOR_USE_BFC", "true")  # read at TF's first allocation
if "tensorflow" not in sys.modules:  # read once, while TensorFlow is imported
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

from np2tf.runtime import _xla_cache  # noqa: E402

_xla_cache.install()  # before TensorFlow's first op, which reads TF_XLA_FLAGS

from np2tf.runtime import _eager  # noqa: E402

_eager.start_context()  # now, before any op (unless the XLA cache's setup started it, the same way)

from np2tf.runtime._behavior import enable_numpy_behavior  # noqa: E402

enable_numpy_behavior()

from np2tf.runtime import fft, linalg, ndarray, random, ufunc  # noqa: E402,F401
from np2tf.runtime._indexing import *  # noqa: E402,F401,F403
from np2tf.runtime._functions import *  # noqa: E402,F401,F403
from np2tf.runtime._index_tricks import c_, mgrid, ogrid, r_  # noqa: E402,F401
from np2tf.runtime._device import device, on_device  # noqa: E402,F401
from np2tf.runtime._element_loops import elementwise_map, elementwise_update, mask_update  # noqa: E402,F401
from np2tf.runtime._draw_ahead import draws_ahead, take_draw  # noqa: E402,F401
from np2tf.runtime._function import NP2TFGraphFallback, and_, for_loop, function, history_stack, history_start, history_values, host_print, if_then, not_, or_, truth, while_loop  # noqa: E402,F401
from np2tf.runtime import _functions as _functions_module, _text  # noqa: E402

# Text arrays (labels, lookup tables) stay NumPy arrays; NumPy handles them (see _text).
_text.install(globals(), list(getattr(_functions_module, "__all__", ())), ndarray)


class _IndexExpression:
    """``n2t.s_[1:, ::2]`` evaluates to the index itself, like NumPy's ``np.s_``.

    Converted index writes pass their index through it, so the index stays exactly as
    the user wrote it: ``a[1:, ::2] = v`` -> ``a = n2t.setitem(a, n2t.s_[1:, ::2], v)``.
    """

    def __getitem__(self, key: object) -> object:
        return key


s_ = _IndexExpression()


def __getattr__(name: str) -> object:
    # `--random numpy` output uses n2t.random_numpy; import it (and its host NumPy use)
    # only when converted code asks for it.
    if name == "random_numpy":
        import importlib

        return importlib.import_module("np2tf.runtime.random_numpy")
    raise AttributeError(f"module 'np2tf.runtime' has no attribute {name!r}")
