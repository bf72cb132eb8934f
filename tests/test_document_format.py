"""The Party's document format (HD 36-HD/VPTW) in every document chibo writes: dates, line breaks of the header."""
from __future__ import annotations

import datetime as dt

from addin.rules.values import document_date, document_date_parts


def test_dates_take_a_zero_before_days_under_10_and_the_months_1_and_2():
    assert document_date(dt.date(2026, 7, 8)) == "ngày 08 tháng 7 năm 2026"
    assert document_date(dt.date(2026, 11, 15)) == "ngày 15 tháng 11 năm 2026"
    assert document_date(dt.date(2027, 2, 5)) == "ngày 05 tháng 02 năm 2027"
    assert document_date(dt.date(2027, 1, 31)) == "ngày 31 tháng 01 năm 2027"
    assert document_date(dt.date(2027, 3, 1)) == "ngày 01 tháng 3 năm 2027"
    assert document_date_parts(dt.date(2026, 10, 9)) == ("09", "10", "2026")
