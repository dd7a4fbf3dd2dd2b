import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence.quantities import (
    LARGEST,
    QuantityError,
    exact_quantity,
    format_quantity,
    parse_quantity,
)
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
        ("1 h 10 min", 70 / 60, UnitKind.DURATION),
        ("1h30m", 1.5, UnitKind.DURATION),
        ("2 days 4h", 52.0, UnitKind.DURATION),
        ("1 200,50", 1200.5, None),
        ("1.200.300", 1_200_300.0, None),
        ("$1.2B", 1.2e9, UnitKind.CURRENCY),
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
        ("42.5.6", None, "more than one decimal point"),
        ("1,2.5", None, "groups of thousands have three digits"),
        ("12.34.567", None, "more than one decimal point"),
        ("$1.2M", Unit(UnitKind.DURATION), "is an amount of money, but this measure is a duration"),
        ("1.2M USD", Unit(UnitKind.DURATION), "an amount of money"),
        ("$5h", None, "written both as money and as a duration"),
        ("€30%", None, "written both as money and as a percentage"),
        ("1e308", Unit(UnitKind.COUNT), "too large"),
        ("2e15", None, "the most I take is 1,000,000,000,000,000"),
    ],
)
def test_refuses_with_a_reason(text, unit, message):
    with pytest.raises(QuantityError, match=message):
        parse_quantity(text, unit)


def test_minutes_only_for_durations():
    assert parse_quantity("45m", Unit(UnitKind.DURATION)).value == 0.75
    assert parse_quantity("45m", USD).value == 45_000_000
    assert parse_quantity("$1.2M").value == 1_200_000


def test_percent_becomes_a_fraction_for_ratios():
    assert parse_quantity("30%", Unit(UnitKind.RATIO)).value == pytest.approx(0.3)


UNITS = [
    Unit(UnitKind.NUMBER),
    Unit(UnitKind.PERCENT),
    USD,
    Unit(UnitKind.CURRENCY, currency="SEK"),
]


@given(st.floats(min_value=-LARGEST, max_value=LARGEST), st.sampled_from(UNITS))
def test_exact_format_round_trips(value, unit):
    assert parse_quantity(exact_quantity(value, unit), unit).value == value


@given(st.floats(min_value=0, max_value=LARGEST))
def test_durations_round_trip(value):
    unit = Unit(UnitKind.DURATION)
    assert parse_quantity(exact_quantity(value, unit), unit).value == value


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (70 / 60, Unit(UnitKind.DURATION), "1 h 10 min"),
        (70.0, Unit(UnitKind.DURATION), "70 h"),
        (0.75, Unit(UnitKind.DURATION), "45 min"),
        (84.0, Unit(UnitKind.DURATION), "3.5 days"),
        (1_004_999.9999999999, USD, "$1.01M"),
        (1_050_000.0, USD, "$1.05M"),
        (-1.5e9, Unit(UnitKind.CURRENCY, currency="EUR"), "-€1.5B"),
        (1_200_000.0, Unit(UnitKind.CURRENCY, currency="SEK"), "1.2M SEK"),
        (23_400.0, USD, "$23,400"),
        (12.5, USD, "$12.50"),
        (46.5, Unit(UnitKind.PERCENT), "46.5%"),
        (7.25, Unit(UnitKind.PERCENT), "7.3%"),
        (9.0, Unit(UnitKind.PERCENT), "9%"),
        (0.012, Unit(UnitKind.PERCENT), "0.012%"),
        (0.3, Unit(UnitKind.RATIO), "30%"),
        (3.0, Unit(UnitKind.NUMBER), "3"),
        (4.567, Unit(UnitKind.NUMBER), "4.57"),
        (1234.56, Unit(UnitKind.NUMBER), "1,235"),
        (0.001234, Unit(UnitKind.NUMBER), "0.00123"),
        (1e15, Unit(UnitKind.COUNT), "1,000,000,000,000,000"),
    ],
)
def test_values_are_shown_as_people_write_them(value, unit, shown):
    assert format_quantity(value, unit) == shown


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


ALL_UNITS = [*UNITS, Unit(UnitKind.COUNT), Unit(UnitKind.DURATION), Unit(UnitKind.RATIO)]


@given(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(ALL_UNITS))
def test_any_value_a_plan_can_hold_is_shown(value, unit):
    """A plan file's YAML number can exceed what replies accept, and must still show."""
    shown = format_quantity(value, unit)
    assert shown and ("e+" not in shown or abs(value) > LARGEST)
