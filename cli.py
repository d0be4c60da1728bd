"""Run np2tf from a checkout without installing it: ``python cli.py convert PATH``.

The click application lives in :mod:`np2tf.cli`, so the installed wheel exposes the
``np2tf`` console script and ``python -m np2tf`` without putting a bare top-level ``cli``
module into site-packages. This file is only a launcher for the repository.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from np2tf.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
