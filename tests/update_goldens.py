"""Rewrite the golden files of `tests/golden/` from what chibo generates now; then review `git diff`.

    python tests/update_goldens.py            # every golden
    python tests/update_goldens.py plan_2027  # only these
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import test_goldens  # noqa: F401  (registers the sample's goldens)
import test_plan_sheet  # noqa: F401  (registers the plan's golden)
from golden import PRODUCERS, write_golden


def main(names: list[str]) -> None:
    unknown = set(names) - set(PRODUCERS)
    if unknown:
        raise SystemExit(f"no such golden: {', '.join(sorted(unknown))} (known: {', '.join(sorted(PRODUCERS))})")
    for name, produce in sorted(PRODUCERS.items()):
        if names and name not in names:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            write_golden(name, produce(Path(tmp)))
        print(f"tests/golden/{name}.json")


if __name__ == "__main__":
    main(sys.argv[1:])
