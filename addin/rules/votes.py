"""Votes on a dossier: who counts (VOTE_DENOM), whether 2/3 was reached (VOTE_CELL, VOTE_DU, VOTE_RECOG).

party-rules.md §6: the base is every official member convened, minus those attached elsewhere
and the exempted members who are absent; absent official members still count. When the
register does not say how many exempted members were absent, the outcome may depend on it:
the vote is then `UNSURE`, never `FAILED`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .records import Candidate, Member
from .settings import Settings


class Vote(StrEnum):
    """The three votes of a dossier, by the rule that sets their threshold."""

    ADMISSION = "VOTE_CELL"  # the cell proposes admission
    COMMITTEE = "VOTE_DU"  # the grassroots party committee proposes (or decides)
    RECOGNITION = "VOTE_RECOG"  # the cell proposes official membership


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    UNSURE = "unsure"  # passes only if enough exempted members were absent (attendance not recorded)
    UNKNOWN = "unknown"  # the count or the base is missing
    OVER = "over"  # more votes in favour than members: a data error


@dataclass(frozen=True)
class Tally:
    """One recorded vote and its outcome."""

    vote: Vote
    day: dt.date
    yes: int | None
    base: int | None  # members counted when every exempted member attended (the highest base)
    lowest_base: int | None  # when every exempted member not known present was absent
    present: int | None
    failures: int  # votes under the threshold so far, this one included when it failed
    share: tuple[int, int]

    def needed(self, base: int) -> int:
        """Votes in favour needed out of `base` (at least 2/3, rounded up)."""
        num, den = self.share
        return -(-base * num // den)

    @property
    def outcome(self) -> Outcome:
        if self.yes is None or not self.base:
            return Outcome.UNKNOWN
        if self.yes > self.base:
            return Outcome.OVER
        if self.yes >= self.needed(self.base):
            return Outcome.PASSED
        if self.lowest_base is not None and self.yes >= self.needed(self.lowest_base):
            return Outcome.UNSURE
        return Outcome.FAILED


def _failures(recorded: int | None, failed: bool) -> int:
    return max(recorded or 0, 1 if failed else 0)


Roll = Callable[[dt.date], tuple[int, int]]  # day → (official members convened, of whom exempted)


def convened(members: Sequence[Member], day: dt.date) -> tuple[int, int]:
    """VOTE_DENOM: official members convened on `day` (here, not attached elsewhere), and how many are exempted."""
    here = [m for m in members if m.is_official_on(day) and m.is_here_on(day) and not m.attached_elsewhere]
    return len(here), sum(1 for m in here if m.exempt)


def _cell_base(day: dt.date, total: int | None, exempt_absent: int | None, present: int | None,
               roll: Roll | None) -> tuple[int | None, int | None]:
    """(highest, lowest) VOTE_DENOM base of a cell vote on `day`."""
    count, exempt = roll(day) if roll else (None, 0)
    if total is None:
        total = count
    if total is None:
        return None, None
    if exempt_absent is not None:
        return total - exempt_absent, total - exempt_absent
    if present is not None:
        absent = max(total - present, 0)
        return total - max(0, absent - (total - exempt)), total - min(exempt, absent)
    return total, total - exempt


def _tally(vote: Vote, day: dt.date, yes: int | None, base: tuple[int | None, int | None], present: int | None,
           recorded_failures: int | None, settings: Settings) -> Tally:
    share = tuple(settings.param(vote.value, "share"))
    tally = Tally(vote, day, yes, base[0], base[1], present, 0, (share[0], share[1]))
    failures = _failures(recorded_failures, tally.outcome is Outcome.FAILED)
    return Tally(vote, day, yes, base[0], base[1], present, failures, tally.share)


def tallies(c: Candidate, roll: Roll | None, settings: Settings) -> tuple[Tally, ...]:
    """Every vote the register records for `c`, in procedure order; `roll` counts the members on a day."""
    found = []
    if c.cell_vote_date:
        base = _cell_base(c.cell_vote_date, c.cell_vote_total, c.cell_vote_exempt_absent, c.cell_vote_present, roll)
        found.append(_tally(Vote.ADMISSION, c.cell_vote_date, c.cell_vote_yes, base, c.cell_vote_present,
                            c.cell_vote_failures, settings))
    if c.committee_date and c.committee_vote_yes is not None:
        base = (c.committee_members, c.committee_members)
        found.append(_tally(Vote.COMMITTEE, c.committee_date, c.committee_vote_yes, base, None, None, settings))
    if c.recognition_vote_date:
        base = _cell_base(c.recognition_vote_date, c.recognition_vote_total, c.recognition_vote_exempt_absent,
                          c.recognition_vote_present, roll)
        found.append(_tally(Vote.RECOGNITION, c.recognition_vote_date, c.recognition_vote_yes, base,
                            c.recognition_vote_present, c.recognition_vote_failures, settings))
    return tuple(found)
