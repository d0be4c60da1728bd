"""Shared pytest configuration: ``--update-fixtures``."""

from __future__ import annotations

import pytest

def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-fixtures",
        action="store_true",
        help="Rewrite fixtures' .out.py and .report.txt from the current converter; review the diff.",
    )
