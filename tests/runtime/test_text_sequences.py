"""Sequences of text arrays go to NumPy like text arrays do (``np.lexsort((first, last))``)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("tensorflow")

import np2tf.runtime as n2t  # noqa: E402

pytestmark = pytest.mark.tf


def test_lexsort_of_string_arrays_is_numpys() -> None:
    first = np.array(["Ann", "Bob", "Ann", "Cy"])
    last = np.array(["Lee", "Kim", "Kim", "Lee"])
    np.testing.assert_array_equal(np.asarray(n2t.lexsort((first, last))), np.lexsort((first, last)))
    assert n2t._text.is_text((first, last)) and not n2t._text.is_text((np.arange(3), np.arange(3)))
