"""`.ci/missing-packages`, which `.ci/run` installs from: every Debian package the tests use, each found missing by
testing what the tests run (issue 17 §4), here on a made-up machine."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[1] / ".ci" / "missing-packages"
EVERYTHING = ["libreoffice-calc-nogui", "libreoffice-writer-nogui", "python3-uno", "poppler-utils", "fontconfig",
              "fonts-liberation", "fonts-liberation2"]
FONTS = "/usr/share/fonts/truetype"


def _program(folder: Path, name: str, body: str = "exit 0") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="ascii")
    path.chmod(0o755)
    return path


def missing(machine: Path, *, programs: tuple[str, ...] = ("soffice", "pdftotext", "pdfinfo"),
            modules: tuple[str, ...] = ("libsclo.so", "libswlo.so"), fonts: tuple[str, ...] | None = None,
            uno: bool = True) -> list[str]:
    """What the script prints on a machine with these programs on PATH, LibreOffice modules, and fonts listed by
    fc-list (None: no fc-list at all)."""
    bin_dir, lo = machine / "bin", machine / "program"
    lo.mkdir(parents=True)
    for name in programs:
        _program(bin_dir, name)
    for name in modules:
        (lo / name).write_bytes(b"")
    if fonts is not None:
        listing = " ".join(f"'{FONTS}/{folder}/LiberationSerif-Regular.ttf: Liberation Serif:style=Regular'"
                           for folder in fonts)
        _program(bin_dir, "fc-list", f"printf '%s\\n' {listing}")  # printf: a shell builtin, no other program
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "grep").symlink_to(shutil.which("grep") or "/bin/grep")
    python = _program(machine, "python3", "exit 0" if uno else "exit 1")
    run = subprocess.run([shutil.which("bash") or "/bin/bash", str(SCRIPT)], capture_output=True, text=True,
                         env={"PATH": str(bin_dir), "LIBREOFFICE_PROGRAM": str(lo), "UNO_PYTHON": str(python)},
                         timeout=60)
    assert run.returncode == 0 and run.stderr == "", run.stderr
    return run.stdout.splitlines()


def test_a_bare_machine_needs_everything(tmp_path: Path) -> None:
    assert missing(tmp_path, programs=(), modules=(), uno=False) == EVERYTHING


def test_a_complete_machine_needs_nothing(tmp_path: Path) -> None:
    assert missing(tmp_path, fonts=("liberation", "liberation2")) == []


def test_calc_without_writer_needs_writer(tmp_path: Path) -> None:
    """`soffice` answers, yet the drafts' .docx cannot be converted: the machine issue 17 §4 found."""
    assert missing(tmp_path, modules=("libsclo.so",), fonts=("liberation", "liberation2")) == [
        "libreoffice-writer-nogui"]


@pytest.mark.parametrize(("listed", "needed"), [
    (("liberation2",), ["fonts-liberation"]),
    (("liberation",), ["fonts-liberation2"]),
    ((), ["fonts-liberation", "fonts-liberation2"]),
])
def test_fonts_are_seen_through_fontconfig(tmp_path: Path, listed: tuple[str, ...], needed: list[str]) -> None:
    assert missing(tmp_path, fonts=listed) == needed


def test_no_fontconfig_means_no_fonts_seen(tmp_path: Path) -> None:
    assert missing(tmp_path, fonts=None) == ["fontconfig", "fonts-liberation", "fonts-liberation2"]


def test_poppler_needs_both_programs_and_uno_its_module(tmp_path: Path) -> None:
    assert missing(tmp_path, programs=("soffice", "pdftotext"), fonts=("liberation", "liberation2"), uno=False) == [
        "python3-uno", "poppler-utils"]


def test_ci_run_installs_what_the_script_finds_missing_without_recommends() -> None:
    run = (SCRIPT.parent / "run").read_text("utf-8")
    assert "mapfile -t need_apt < <(.ci/missing-packages)" in run
    assert 'apt-get install -y -qq --no-install-recommends "${need_apt[@]}"' in run
