"""Top-level NumPy functions TF lacks or gets wrong, exported as ``n2t.<name>``.

The implementations live in private modules by area; this module only gathers their
public names so ``np2tf.runtime`` can star-import them. ``_ufuncs`` comes last: its
dtype-exact wrappers replace the elementwise helpers of the same name.
"""

from np2tf.runtime import _apply, _creation, _elementwise, _inplace, _numeric, _sets, _shape, _stats, _ufuncs
from np2tf.runtime._apply import *  # noqa: F401,F403
from np2tf.runtime._creation import *  # noqa: F401,F403
from np2tf.runtime._elementwise import *  # noqa: F401,F403
from np2tf.runtime._inplace import *  # noqa: F401,F403
from np2tf.runtime._numeric import *  # noqa: F401,F403
from np2tf.runtime._sets import *  # noqa: F401,F403
from np2tf.runtime._shape import *  # noqa: F401,F403
from np2tf.runtime._stats import *  # noqa: F401,F403
from np2tf.runtime._ufuncs import *  # noqa: F401,F403

__all__: list[str] = sorted(
    {*_apply.__all__, *_creation.__all__, *_elementwise.__all__, *_inplace.__all__, *_numeric.__all__, *_sets.__all__, *_shape.__all__, *_stats.__all__, *_ufuncs.__all__}
)
