from datetime import date

import pytest

from briefing.dates import DateError, parse_when


@pytest.mark.parametrize(
    ("written", "precision", "text", "iso"),
    [
        ("2026-01-28", "day", "28 January 2026", "2026-01-28"),
        ("2026-01", "month", "January 2026", "2026-01"),
        (2026, "year", "2026", "2026"),
        ("c. 2025-12", "month", "c. December 2025", "2025-12"),
        ("c. 2026-01-05", "day", "c. 5 January 2026", "2026-01-05"),
        ("2026-01-25/2026-01-26", "range", "25\u201326 January 2026", "2026-01-25"),
        ("2026-01-30/2026-02-02", "range", "30 January \u2013 2 February 2026", "2026-01-30"),
        ("2025-12-30/2026-01-02", "range", "30 December 2025 \u2013 2 January 2026", "2025-12-30"),
        ("2025-11/2025-12", "range", "November \u2013 December 2025", "2025-11"),
        ("early 2026", "part", "Early 2026", "2026"),
        ("late 2025", "part", "Late 2025", "2025"),
        ("undated", "undated", "Undated", ""),
    ],
)
def test_each_written_form_keeps_its_precision(written, precision, text, iso):
    when = parse_when(written)
    assert (when.precision, when.text, when.iso) == (precision, text, iso)


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("2026-02-30", "February 2026 has 28 days"),
        ("2024-02-30", "February 2024 has 29 days"),
        ("2026-13", "no month 13"),
        ("28/01/2026", "not a date this format knows"),
        ("January 2026", "not a date this format knows"),
        ("2026-01-26/2026-01-25", "ends before it starts"),
        ("2026-01-25/2026-02", "mixes precisions"),
        ("c. undated", "cannot be approximate"),
        ("c. c. 2026", "cannot be approximate"),
    ],
)
def test_impossible_or_malformed_dates_say_what_is_wrong(written, says):
    with pytest.raises(DateError) as caught:
        parse_when(written)
    assert says in caught.value.args[0]


def test_timeline_order_puts_parts_of_a_year_around_its_months():
    written = ["late 2025", "2025-12-31", "2026-01", "early 2026", "2026-01-02", "undated",
               "2026-01-01/2026-01-03"]
    ordered = sorted(written, key=lambda w: parse_when(w).sort_key)
    assert ordered == ["2025-12-31", "late 2025", "early 2026", "2026-01-01/2026-01-03",
                       "2026-01", "2026-01-02", "undated"]


def test_month_groups_name_the_month_and_year():
    assert parse_when("2026-01-28").group == ((2026, 1.0), "January 2026")
    assert parse_when("2026").group == ((2026, 0.0), "2026, month not given")
    assert parse_when("c. 2025-12").start == date(2025, 12, 1)
