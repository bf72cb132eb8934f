"""Every error chibo shows a user. Messages are Vietnamese and say where and what to do."""
from __future__ import annotations


class ChiboError(Exception):
    """Base: a problem with a clear Vietnamese message; the file it concerns is left untouched."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnreadableWorkbook(ChiboError):
    """The file is no workbook chibo can open safely (not a zip, encrypted, .xls, bomb, hostile XML)."""


class WorkbookFormatError(ChiboError):
    """The workbook opens but its sheets or headers are not what DESIGN §2 describes."""


class FidelityRisk(ChiboError):
    """A write would land on a feature of the committee's (a table, a pivot, a note) inside chibo's area."""


class WouldOverwrite(ChiboError):
    """A write would land on a user's non-empty cell or merged range; nothing was written."""


class WorkbookBusy(ChiboError):
    """The workbook is open in Excel or being refreshed by another chibo run."""


class WriteFailed(ChiboError):
    """Saving failed; the original file was left as it was."""


class UpdateInterrupted(ChiboError):
    """Writing into an open workbook failed part-way; what was written was put back (or could not be)."""

    def __init__(self, message: str, restored: bool) -> None:
        super().__init__(message)
        self.restored = restored
