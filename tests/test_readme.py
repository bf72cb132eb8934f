"""The README is the front door: its commands run, and its rule and settings tables are complete."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl

from addin.rules import catalogue
from addin.rules.plan import planning_settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")


def _commands() -> list[str]:
    return [line.strip() for block in re.findall(r"```bash\n(.*?)```", README, re.S) for line in block.splitlines()
            if line.strip() and not line.startswith("#")]


def test_readme_main_command_runs_on_the_sample(tmp_path: Path) -> None:
    main = next(c for c in _commands() if c.startswith("chibo refresh"))
    shutil.copytree(ROOT / "workbooks", tmp_path / "workbooks")
    before = (tmp_path / "workbooks" / "chi-bo-mau.xlsx").read_bytes()
    args = shlex.split(main)
    run = subprocess.run([sys.executable, "-m", "addin", *args[1:]], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode in (0, 1), run.stdout + run.stderr  # 1: the sample has deliberate problems
    written = openpyxl.load_workbook(tmp_path / "out" / "chi-bo-mau.xlsx")
    assert {"Kiểm tra", "Kế hoạch 2027", "Chỉ tiêu"} <= set(written.sheetnames)
    assert (tmp_path / "workbooks" / "chi-bo-mau.xlsx").read_bytes() == before  # --output leaves the source alone


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "python -m pytest" in _commands()
    assert "\npython -m pytest\n" in ci


def test_readme_lists_every_rule_and_setting() -> None:
    for rule_id in catalogue.rules():
        assert f"`{rule_id}`" in README, rule_id
    for _, param in catalogue.configurable_params():
        assert param.label in README, param.label
    for label, _, _ in planning_settings():
        assert label in README, label


def test_readme_rules_table_lists_the_rules_that_can_fire_and_only_those() -> None:
    table = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", README, re.M))
    assert table == {r.id for r in catalogue.rules().values() if not r.cited_only}
