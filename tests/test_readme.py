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


def _quick_start() -> list[str]:
    """The fenced commands of the Quick start section, one string each."""
    section = re.search(r"^## Bắt đầu nhanh / Quick start\n(.*?)^## ", README, re.S | re.M)
    assert section, "README has no Quick start section"
    return [block.strip() for block in re.findall(r"```\w*\n(.*?)```", section.group(1), re.S)]


def test_quick_start_is_two_commands() -> None:
    install_and_run, tests = _quick_start()  # exactly two
    assert "\n" not in install_and_run and "\n" not in tests
    assert install_and_run.startswith('python -m pip install -e ".[cli]" && chibo refresh ')
    assert tests == 'python -m pip install -e ".[test]" && python -m pytest'


def test_readme_main_command_runs_on_the_sample(tmp_path: Path) -> None:
    main = _quick_start()[0].split(" && ")[1]
    shutil.copytree(ROOT / "workbooks", tmp_path / "workbooks")
    before = (tmp_path / "workbooks" / "chi-bo-mau.xlsx").read_bytes()
    args = shlex.split(main)
    assert args[0] == "chibo"
    run = subprocess.run([sys.executable, "-m", "addin", *args[1:]], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 1, run.stdout + run.stderr  # the sample has deliberate dossier errors
    written = openpyxl.load_workbook(tmp_path / "out" / "chi-bo-mau.xlsx")  # `out/` did not exist: refresh made it
    assert {"Kiểm tra", "Kế hoạch 2027", "Chỉ tiêu"} <= set(written.sheetnames)
    assert (tmp_path / "workbooks" / "chi-bo-mau.xlsx").read_bytes() == before  # --output leaves the source alone


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    assert _quick_start()[1] in ci  # a line of its own, verbatim
    assert ci[-1] == _quick_start()[1]  # the last step: its summary closes the log
    assert "export CI=true" in ci  # LibreOffice and poppler tests are required there


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


def _row_text(cells) -> str:
    """A sheet row as the README's excerpts show it: cells joined by " | ", percents as 0%, line breaks as " / "."""
    shown = []
    for c in cells:
        if c.value is None:
            continue
        value = f"{c.value:.0%}" if "%" in c.number_format and isinstance(c.value, (int, float)) else c.value
        shown.append(str(value).replace("\n", " / "))
    return " | ".join(shown)


def test_readme_excerpts_are_what_the_sample_gives(tmp_path: Path) -> None:
    """Each line of the README's excerpts is a row of the refreshed sample's sheet, in the same order."""
    from addin.files.jobs import refresh_file

    shutil.copy(ROOT / "workbooks" / "chi-bo-mau.xlsx", tmp_path)
    result = refresh_file(tmp_path / "chi-bo-mau.xlsx", output=tmp_path / "out")
    assert result.ok, result.error
    book = openpyxl.load_workbook(result.written)
    excerpts = re.findall(r"<!-- excerpt: (.+?) -->\n```text\n(.*?)```", README, re.S)
    assert {sheet for sheet, _ in excerpts} == {"Kế hoạch 2027", "Chỉ tiêu"}
    for sheet, text in excerpts:
        rows = [_row_text(row) for row in book[sheet].iter_rows()]
        position = -1
        for line in text.splitlines():
            assert line in rows[position + 1:], f"{sheet}: {line}"
            position = rows.index(line, position + 1)
