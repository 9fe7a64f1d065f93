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
        ("1943/1946", "range", "1943 \u2013 1946", "1943"),
        ("1943-07/1946", "range", "July 1943 \u2013 1946", "1943-07"),
        ("1815-12-10/1852-11-27", "range", "10 December 1815 \u2013 27 November 1852",
         "1815-12-10"),
        ("1950s", "decade", "1950s", ""),
        ("1950s/1970s", "range", "1950s \u2013 1970s", ""),
        ("c. 1960s", "decade", "c. 1960s", ""),
        ("0814", "year", "814", "0814"),
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
        ("1946/1943", "ends before it starts"),
        ("1943-07/1943", "ends before it starts"),
        ("1955s", "not a date this format knows"),
        ("0000", "no year 0"),
        ("c. undated", "cannot be approximate"),
        ("c. c. 2026", "cannot be approximate"),
    ],
)
def test_impossible_or_malformed_dates_say_what_is_wrong(written, says):
    with pytest.raises(DateError) as caught:
        parse_when(written)
    assert says in caught.value.args[0]


def test_a_range_keeps_the_precision_of_each_end():
    when = parse_when("1943-07/1946")
    assert (when.start, when.end) == (date(1943, 7, 1), date(1946, 12, 31))
    assert (when.start_precision, when.end_precision) == ("month", "year")
    assert (when.iso, when.end_iso) == ("1943-07", "1946")


def test_a_decade_covers_its_ten_years_and_states_no_year():
    when = parse_when("1950s")
    assert (when.start, when.end, when.iso) == (date(1950, 1, 1), date(1959, 12, 31), "")
