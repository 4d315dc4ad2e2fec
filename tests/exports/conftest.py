"""Fixtures for the exports tests (no Flask, no database)."""

from __future__ import annotations

import pytest
from exports_samples import tool


@pytest.fixture
def soffice() -> str:
    return tool("soffice")
