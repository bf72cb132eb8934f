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


EXTRAS = ("files", "documents", "statistics", "classic", "cli")  # what the fronts beside Excel need (pyproject)
# Where each extra's libraries are imported: the core (the Lite workbook's install) imports none of them.
EXTRA_USERS = {
    "files": ["addin/files/*.py"],
    "documents": ["addin/documents/*.py", "addin/reports/agenda.py"],
    "statistics": ["addin/reports/statistics.py", "addin/reports/summary.py"],
    "classic": ["addin/excel/template.py"],
    "cli": ["addin/cli.py"],
}


def _declared(*groups: str) -> set[str]:
    """The distributions of the core and the named extras (an extra naming chibo's own extras left out)."""
    requirements = list(PROJECT["dependencies"])
    for group in groups:
        requirements += PROJECT["optional-dependencies"][group]
    return {_name(r) for r in requirements} - {"chibo"}


DEV_TOOLS = [ROOT / "workbooks" / "make_sample.py", *ROOT.joinpath("benchmarks").glob("*.py")]  # run from a checkout


def test_runtime_dependencies_are_what_the_code_imports() -> None:
    assert _imported(list(ROOT.joinpath("addin").rglob("*.py"))) == _declared(*EXTRAS)


def test_the_core_is_what_the_lite_workbook_installs() -> None:
    """The core dependencies are the libraries of the modules that stay outside every extra's users."""
    extra_files = {p for globs in EXTRA_USERS.values() for g in globs for p in ROOT.glob(g)}
    core_files = [p for p in ROOT.joinpath("addin").rglob("*.py") if p not in extra_files]
    assert _imported(core_files) == {"viparse", "xlwings"} == _declared()
    for extra, globs in EXTRA_USERS.items():
        used = _imported([p for g in globs for p in ROOT.glob(g)]) - _declared()
        assert used <= _declared(extra), extra


def test_test_extras_are_what_the_tests_import() -> None:
    files = [*ROOT.joinpath("tests").glob("*.py"), *DEV_TOOLS]
    declared = _declared(*EXTRAS)
    extras = {_name(r) for r in PROJECT["optional-dependencies"]["test"]} - {"chibo"}
    used = _imported(files)
    assert used - declared == extras - TOOLS
    assert used <= declared | extras
