"""Findings: one row per problem found, the table behind `Kiểm tra` and `--json`."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How serious a finding is; the value is what `--json` prints."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label_vi(self) -> str:
        return {"error": "Lỗi", "warning": "Cảnh báo", "info": "Lưu ý"}[self.value]


@dataclass(frozen=True)
class Finding:
    """A problem at one cell (or one row, when `column` is None) of one sheet."""

    rule: str
    severity: Severity
    sheet: str
    row: int | None
    column: str | None  # a column key of the sheet's schema (e.g. "dob"), not a letter
    person: str
    message: str
    source: str
    message_en: str = ""
    remedy: str = ""  # what the cell must do first when this finding stops the dossier (catalogue `remedies`)
