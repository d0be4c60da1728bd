"""Unit tests for np2tf/imports.py, through convert_source (imports need the rewrite's context)."""

from __future__ import annotations

from np2tf.pipeline import convert_source


def test_imports_go_after_the_leading_import_block() -> None:
    source = '"""Doc."""\nfrom __future__ import annotations\nimport os\nimport numpy as np\n\nx = np.zeros(3)\n'
    out = convert_source(source).code
    assert out.splitlines()[:5] == ['"""Doc."""', "from __future__ import annotations", "import os", "import np2tf.runtime as n2t", "import tensorflow.experimental.numpy as tnp"]


def test_numpy_import_stays_while_something_still_uses_it() -> None:
    out = convert_source("import numpy as np\nw = np.zeros(3)\nd = np.load('f.npy')\n").code
    assert "import numpy as np" in out and "tnp.zeros" in out


def test_unused_from_import_names_are_dropped_individually() -> None:
    out = convert_source("from numpy import zeros, load\nw = zeros(3)\nd = load('f.npy')\n").code
    assert "from numpy import load\n" in out


def test_existing_tf_imports_are_reused() -> None:
    source = "import numpy as np\nimport tensorflow.experimental.numpy as tnp\nx = np.zeros(3)\n"
    out = convert_source(source).code
    assert out.count("import tensorflow.experimental.numpy as tnp") == 1


def test_comment_above_a_dropped_import_is_kept() -> None:
    out = convert_source("import os\n# numerics\nimport numpy as np\nx = np.zeros(3)\n").code
    assert "# numerics" in out and "import numpy" not in out


def test_shadowing_parameter_does_not_keep_the_import() -> None:
    out = convert_source("import numpy as np\ndef f(np):\n    return np\nx = np.zeros(3)\n").code
    assert "import numpy" not in out
