"""Write addin/rules/data/holidays.toml: Vietnam's public holidays from the `holidays` library (party-rules.md §12).

    python tools/build_holidays.py

Run it after upgrading `holidays` (a test extra, not a runtime dependency) and commit the file: chibo reads the
table as package data and never imports the library. tests/test_calendar.py fails while the committed table
differs from what the installed library gives.
"""
from __future__ import annotations

from pathlib import Path

import holidays

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "addin" / "rules" / "data" / "holidays.toml"
FIRST_YEAR, LAST_YEAR = 1990, 2045


def render(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> str:
    """The table as TOML: every day off with its Vietnamese name, then the make-up Saturdays."""
    vn = holidays.country_holidays("VN", years=range(first_year, last_year + 1), language="vi")
    make_up = sorted(day for day in vn.weekend_workdays if first_year <= day.year <= last_year)
    lines = [
        "# Vietnam's public holidays, Tết days, days in lieu and make-up Saturdays (party-rules.md §12, HOL_BASE).",
        "# Written by tools/build_holidays.py from the `holidays` library; do not edit by hand.",
        f'holidays_version = "{holidays.__version__}"',
        f"first_year = {first_year}",
        f"last_year = {last_year}",
        "off = [",
        *(f'  {{ day = {day.isoformat()}, name = "{name}" }},' for day, name in sorted(vn.items())),
        "]",
        "work = [",
        *(f"  {day.isoformat()}," for day in make_up),
        "]",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {FIRST_YEAR}–{LAST_YEAR}, holidays {holidays.__version__}")
