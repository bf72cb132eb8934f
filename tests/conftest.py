"""Shared test setup: the external programs some tests drive, required in CI and optional elsewhere.

A test that runs LibreOffice or poppler says so with `@pytest.mark.needs("soffice", "pdfinfo", …)`.
On a machine without them (a fresh clone with Python only) the test is skipped with the reason;
with the environment variable CI=true a missing program fails the test instead, so CI always
exercises them (`.ci/run` installs them).
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess

import pytest

UNO_PYTHON = "/usr/bin/python3"  # the system Python that carries LibreOffice's `uno` module (python3-uno)

# Each program a test may need, and what to install on Debian/Ubuntu when it is missing.
TOOLS = {
    "soffice": "LibreOffice (apt-get install libreoffice-calc-nogui)",
    "pdftotext": "pdftotext (apt-get install poppler-utils)",
    "pdfinfo": "pdfinfo (apt-get install poppler-utils)",
    "pdftoppm": "pdftoppm (apt-get install poppler-utils)",
    "uno": f"LibreOffice's Python bridge for {UNO_PYTHON} (apt-get install python3-uno)",
    "node": "Node.js 18+ for Pyodide (apt-get install nodejs npm)",
    "npm": "npm, to install the npm package pyodide (apt-get install npm)",
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs(*tools): the test runs these external programs (see tests/conftest.py)")


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers("needs"):
        require(*marker.args)


def require(*tools: str) -> None:
    """Skip the running test when a tool is missing; fail it instead when CI=true."""
    unknown = set(tools) - TOOLS.keys()
    if unknown:
        raise ValueError(f"unknown tools {sorted(unknown)}; known: {sorted(TOOLS)}")
    missing = [TOOLS[tool] for tool in tools if not _available(tool)]
    if not missing:
        return
    reason = "needs " + ", ".join(missing)
    if in_ci():
        pytest.fail(f"{reason}: required when CI=true", pytrace=False)
    pytest.skip(reason)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _available(tool: str) -> bool:
    return _uno_importable() if tool == "uno" else shutil.which(tool) is not None


@functools.cache
def _uno_importable() -> bool:
    if not os.access(UNO_PYTHON, os.X_OK):
        return False
    return subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True, timeout=60).returncode == 0
