"""pyproject.toml declares exactly what the code imports: no missing dependency, none unused."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
TOOLS = {"ruff", "mypy", "import-linter"}  # run by .ci/run, never imported
LOCAL = {"addin"} | {path.stem for folder in ("tests", "benchmarks") for path in ROOT.joinpath(folder).glob("*.py")}


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.\-]+", requirement).group(0)).lower()


def _imported(files: list[Path]) -> set[str]:
    """The distributions providing the top-level modules `files` import (standard library and local left out)."""
    modules: set[str] = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    modules -= set(sys.stdlib_module_names) | {"__future__"} | LOCAL  # benchmarks reuse test builders
    providers = packages_distributions()
    missing = {m for m in modules if m not in providers}
    assert not missing, f"imported but installed by no distribution: {missing}"
    return {_name(providers[m][0]) for m in modules}


def test_runtime_dependencies_are_what_the_code_imports() -> None:
    files = [*ROOT.joinpath("addin").rglob("*.py"), ROOT / "workbooks" / "make_sample.py",
             *ROOT.joinpath("benchmarks").glob("*.py")]
    declared = {_name(r) for r in PROJECT["dependencies"]}
    assert _imported(files) == declared


def test_test_extras_are_what_the_tests_import() -> None:
    files = list(ROOT.joinpath("tests").glob("*.py"))
    declared = {_name(r) for r in PROJECT["dependencies"]}
    extras = {_name(r) for r in PROJECT["optional-dependencies"]["test"]}
    used = _imported(files)
    assert used - declared == extras - TOOLS
    assert used <= declared | extras
