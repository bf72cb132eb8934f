"""Every rule can fire, checked by calling: each catalogue id's example (tests/rule_examples.py) raises it.

Replaces a search of the source text for id literals, which a docstring mentioning an id satisfied.
"""
from __future__ import annotations

import pytest
from rule_examples import EXAMPLES, NOT_FINDINGS, Example, row, run
from rules_helpers import serious

from addin.rules.catalogue import rules
from addin.rules.stages import Stage


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.rule for e in EXAMPLES])
def test_each_example_raises_its_rule_and_only_what_it_lists(example: Example) -> None:
    found = run(example)
    assert {f.rule for f in found} == {example.rule, *example.also}, [(f.rule, f.message) for f in found]


def test_every_finding_of_the_catalogue_has_one_example() -> None:
    ids = [e.rule for e in EXAMPLES]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(rules()) - set(NOT_FINDINGS)


def test_the_ids_that_are_no_findings_are_the_catalogues_citations() -> None:
    assert set(NOT_FINDINGS) == {r.id for r in rules().values() if r.cited_only}


@pytest.mark.parametrize("stage, as_of", [(Stage.CELL_VOTED, "14/06/2024"), (Stage.OFFICIAL, "01/09/2025")])
def test_the_dossier_the_examples_start_from_raises_nothing(stage: Stage, as_of: str) -> None:
    """Without the change an example makes, the same run raises no error or warning: the change is what fires."""
    assert serious(run(Example("", "", as_of, (row(stage),)))) == []
