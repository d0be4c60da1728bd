"""Shared fixtures for the runtime tests (which import TensorFlow)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# promotion_cases.py is a plain module next to the tests, imported by test_behavior.py.
sys.path.insert(0, str(Path(__file__).resolve().parent))
