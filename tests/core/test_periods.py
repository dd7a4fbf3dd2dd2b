from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence.periods import iso_week, month, parse_period, period_of, quarter, two_weeks
from cadence.schedule import Every


def test_iso_week_crosses_the_year_like_the_calendar():
    assert iso_week(date(2026, 12, 31)).key == "2026-W53"
    assert iso_week(date(2027, 1, 4)).key == "2027-W01"
    assert iso_week(date(2026, 11, 26)).start == date(2026, 11, 23)


def test_quarter_and_month_bounds():
    q4 = quarter(date(2026, 11, 26))
    assert (q4.key, q4.start, q4.end) == ("2026-Q4", date(2026, 10, 1), date(2027, 1, 1))
    feb = month(date(2028, 2, 10))
    assert (feb.key, feb.end) == ("2028-02", date(2028, 3, 1))


def test_two_week_spans_are_fixed_fortnights():
    span = two_weeks(date(2026, 11, 26))  # week 48, second of its span
    assert span.key == "2026-W47+2"
    assert span.start == date(2026, 11, 16)
    assert date(2026, 11, 29) in span and date(2026, 11, 30) not in span


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.sampled_from(Every))
def test_every_day_lies_in_exactly_its_period_and_keys_parse_back(day, every):
    period = period_of(every, day)
    assert day in period
    assert parse_period(period.key) == period
    assert period.following().start == period.end
    assert period.preceding().end == period.start
    assert day + timedelta(days=400) not in period


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("2026-13", "month that does not exist"),
        ("2026-W54", "week that year does not have"),
        ("Q4", "not a period"),
        ("2026-W48+2", r"did you mean 2026-W47\+2"),
    ],
)
def test_bad_period_keys_are_refused_with_the_reason(key, message):
    with pytest.raises(ValueError, match=message):
        parse_period(key)
