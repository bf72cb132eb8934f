"""The gate of tests/conftest.py: a test needing LibreOffice or poppler skips on a bare machine, fails in CI."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import in_ci, require

CONFTEST = Path(__file__).with_name("conftest.py")


@pytest.fixture
def bare_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PATH with no program on it: soffice, pdftotext and pdfinfo are all missing."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


@pytest.mark.usefixtures("bare_path")
def test_missing_tool_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"needs LibreOffice \(apt-get install libreoffice-calc-nogui\)"):
        require("soffice")


@pytest.mark.usefixtures("bare_path")
@pytest.mark.parametrize("value", ["true", "TRUE", "1"])
def test_missing_tool_fails_in_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match=r"needs pdfinfo \(apt-get install poppler-utils\): required when CI=true"):
        require("pdfinfo")


@pytest.mark.parametrize("value, expected", [("true", True), ("false", False), ("", False), ("0", False)])
def test_ci_flag(monkeypatch: pytest.MonkeyPatch, value: str, expected: bool) -> None:
    monkeypatch.setenv("CI", value)
    assert in_ci() is expected


def test_present_tool_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An executable named soffice on PATH satisfies the gate, in CI too."""
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\n", encoding="ascii")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    monkeypatch.setenv("CI", "true")
    require("soffice")  # neither skip nor fail


def test_unknown_tool_is_a_mistake() -> None:
    with pytest.raises(ValueError, match="unknown tools"):
        require("libreoffice")


@pytest.mark.parametrize("ci, outcome", [(None, "1 skipped"), ("true", "1 error")])
def test_marker_wires_the_gate_into_a_real_run(tmp_path: Path, ci: str | None, outcome: str) -> None:
    """A real pytest run with this conftest and a test marked `needs("soffice")`, LibreOffice hidden from PATH."""
    (tmp_path / "conftest.py").write_text(CONFTEST.read_text("utf-8"), encoding="utf-8")
    (tmp_path / "test_marked.py").write_text(textwrap.dedent('''
        import pytest

        @pytest.mark.needs("soffice")
        def test_converts():
            raise AssertionError("must not run without soffice")
    '''), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"PATH": str(tmp_path)}
    if ci is not None:
        env["CI"] = ci
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rsE", "test_marked.py"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert outcome in run.stdout, run.stdout + run.stderr
    assert "needs LibreOffice" in run.stdout
    assert "must not run" not in run.stdout
    assert run.returncode == (0 if ci is None else 1)
