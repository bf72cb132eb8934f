"""Golden files: what chibo generates, kept as reviewed JSON in `tests/golden/` and compared in CI.

Tests only compare. The files are rewritten by one explicit command, and the diff is reviewed:

    python tests/update_goldens.py [NAME...]

Each golden has a producer (registered with `@producer(name)`) that builds the output from scratch.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

GOLDEN_DIR = Path(__file__).parent / "golden"
PRODUCERS: dict[str, Callable[[Path], Any]] = {}


def producer(name: str) -> Callable[[Callable[[Path], Any]], Callable[[Path], Any]]:
    """Register `fn(tmp_dir) -> JSON-able snapshot` as the producer of golden `name`."""
    def register(fn: Callable[[Path], Any]) -> Callable[[Path], Any]:
        PRODUCERS[name] = fn
        return fn
    return register


def _normal(found: Any) -> Any:
    return json.loads(json.dumps(found, ensure_ascii=False, default=str))


def golden_path(name: str) -> Path:
    return GOLDEN_DIR / f"{name}.json"


def write_golden(name: str, found: Any) -> None:
    golden_path(name).write_text(json.dumps(_normal(found), ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")


def check_golden(name: str, found: Any) -> None:
    """Assert that `found` equals the reviewed golden file `name`."""
    path = golden_path(name)
    assert path.exists(), f"no golden file {path.name}: run `python tests/update_goldens.py {name}` and review it"
    expected = json.loads(path.read_text("utf-8"))
    assert _normal(found) == expected, (
        f"output differs from tests/golden/{path.name}; if the change is intended, run "
        f"`python tests/update_goldens.py {name}` and review the diff")


def cell_marks(ws: Any) -> dict[str, str]:
    """Every non-empty cell of an openpyxl sheet: its value and the styles that matter on paper."""
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None:
                continue
            value = c.value.date().isoformat() if isinstance(c.value, dt.datetime) else c.value
            marks = [f"{c.font.name} {c.font.sz:g}" if c.font.name else "", "B" * bool(c.font.b),
                     "I" * bool(c.font.i), "U" * bool(c.font.u),
                     f"fill {c.fill.fgColor.rgb}" if c.fill.fill_type == "solid" else "",
                     f"color {c.font.color.rgb}" if c.font.color is not None and isinstance(c.font.color.rgb, str)
                     and c.font.color.rgb not in ("FF000000",) else "",
                     "border" if c.border.left.style else "", c.alignment.horizontal or "",
                     "wrap" if c.alignment.wrap_text else "",
                     f"fmt {c.number_format}" if c.number_format != "General" else ""]
            cells[c.coordinate] = f"{value} ‖ {' '.join(m for m in marks if m)}"
    return cells
