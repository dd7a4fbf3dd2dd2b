import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence.quantities import QuantityError, format_quantity, parse_quantity
from cadence.units import Unit, UnitKind

USD = Unit(UnitKind.CURRENCY, currency="USD")


@pytest.mark.parametrize(
    ("text", "value", "hint"),
    [
        ("42", 42.0, None),
        ("-3", -3.0, None),
        ("−3", -3.0, None),
        ("(1,200)", -1200.0, None),
        ("1,200.50", 1200.5, None),
        ("1.2k", 1200.0, None),
        ("$1.2M", 1_200_000.0, UnitKind.CURRENCY),
        ("USD 1,200", 1200.0, UnitKind.CURRENCY),
        ("30%", 30.0, UnitKind.PERCENT),
        ("72h", 72.0, UnitKind.DURATION),
        ("3 days", 72.0, UnitKind.DURATION),
        ("90 min", 1.5, UnitKind.DURATION),
        ("1 200,50", 1200.5, None),
    ],
)
def test_reads_what_people_type(text, value, hint):
    quantity = parse_quantity(text)
    assert quantity.value == pytest.approx(value)
    assert quantity.unit_hint is hint


def test_decimal_comma_is_ambiguous_without_a_locale():
    with pytest.raises(QuantityError, match=r"ambiguous: did you mean 1200\.50"):
        parse_quantity("1.200,50")
    assert parse_quantity("1.200,50", decimal_comma=True).value == 1200.5
    assert parse_quantity("1,200", decimal_comma=True).value == 1.2


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("30%", Unit(UnitKind.COUNT), "is a percentage, but this measure is a count"),
        ("-3", Unit(UnitKind.COUNT), "whole number of zero or more"),
        ("2.5", Unit(UnitKind.COUNT), "whole number"),
        ("€5", USD, "is in EUR, but this measure is in USD"),
        ("7", Unit(UnitKind.NUMBER, minimum=1, maximum=5), "at most 5"),
        ("5h", Unit(UnitKind.PERCENT), "is a duration"),
        ("nan", None, "not a number"),
        ("inf", None, "not a number"),
        ("1e400", None, "too large"),
        ("12 parsecs", None, "ends in 'parsecs'"),
        ("1.2.3,4", None, "ambiguous"),
    ],
)
def test_refuses_with_a_reason(text, unit, message):
    with pytest.raises(QuantityError, match=message):
        parse_quantity(text, unit)


def test_minutes_only_for_durations():
    assert parse_quantity("45m", Unit(UnitKind.DURATION)).value == 0.75
    assert parse_quantity("45m", USD).value == 45_000_000


def test_percent_becomes_a_fraction_for_ratios():
    assert parse_quantity("30%", Unit(UnitKind.RATIO)).value == pytest.approx(0.3)


UNITS = [
    Unit(UnitKind.NUMBER),
    Unit(UnitKind.PERCENT),
    USD,
    Unit(UnitKind.CURRENCY, currency="SEK"),
]


@given(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(UNITS))
def test_format_round_trips(value, unit):
    assert parse_quantity(format_quantity(value, unit), unit).value == value


@given(st.floats(min_value=0, allow_infinity=False))
def test_durations_round_trip(value):
    unit = Unit(UnitKind.DURATION)
    assert parse_quantity(format_quantity(value, unit), unit).value == value


@given(st.text())
def test_never_crashes_or_returns_nonfinite(text):
    try:
        quantity = parse_quantity(text)
    except QuantityError:
        return
    assert math.isfinite(quantity.value)


@pytest.mark.parametrize("text", ["42 43", "1 2", "12 3456"])
def test_two_numbers_separated_by_a_space_are_refused(text):
    with pytest.raises(QuantityError, match="more than one number"):
        parse_quantity(text)


@pytest.mark.parametrize(("text", "value"), [("1 200", 1200.0), ("1 200 300.5", 1200300.5)])
def test_space_grouped_thousands_are_read(text, value):
    assert parse_quantity(text).value == value
