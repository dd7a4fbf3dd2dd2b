"""Numbers as people type them ("1,200.50", "$1.2M", "30%", "72h", "1 h 10 min") and read them.

Plan files, spreadsheets and chat replies all go through here, so a value means the same
thing wherever it was written. Two ways back to text: `format_quantity` for people (about
three significant figures, in the unit's own words) and `exact_quantity` for machines
(reads back to the same float).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import cache, lru_cache

from cadence.units import Unit, UnitKind


class QuantityError(ValueError):
    """A value that could not be read; the message says why and how to write it."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A parsed value in the unit's canonical scale, and what the text said its unit was."""

    value: float
    unit_hint: UnitKind | None = None
    currency: str | None = None


_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
_CURRENCY_CODES = {"USD", "EUR", "GBP", "JPY", "INR", "AUD", "CAD", "NZD", "CHF", "SEK"}
_MULTIPLIERS = {
    "k": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "t": 1e12, "tn": 1e12,
}  # fmt: skip
# Larger than any measure's value in any currency; beyond it a value is a typo or a test.
LARGEST = 1e15
_HOURS = {
    "min": 1 / 60, "mins": 1 / 60, "minute": 1 / 60, "minutes": 1 / 60,
    "h": 1.0, "hr": 1.0, "hrs": 1.0, "hour": 1.0, "hours": 1.0,
    "d": 24.0, "day": 24.0, "days": 24.0,
    "w": 168.0, "wk": 168.0, "wks": 168.0, "week": 168.0, "weeks": 168.0,
}  # fmt: skip

_SHAPE = re.compile(
    r"""^(?P<sign>[-+−]?)\s*(?P<cur1>[$€£¥₹])?\s*(?P<sign2>[-+−]?)
    (?P<num>(?:\d[\d.,\u00a0\u202f' ]*\d|\d)(?:[eE][-+]?\d+)?|[.,]\d+)
    \s*(?P<suffix>[a-zA-Z%]*)$""",
    re.VERBOSE,
)
_DAYS_WORDS, _HOUR_WORDS, _MINUTE_WORDS = r"d|days?", r"h|hrs?|hours?", r"m|mins?|minutes?"
# "1 h 10 min", "2 days 4h", "1h30m": at least two parts, largest first.
_COMPOUND = re.compile(
    rf"""^(?:(?P<d>\d+(?:\.\d+)?)\s*(?:{_DAYS_WORDS})\s*)?
    (?:(?P<h>\d+(?:\.\d+)?)\s*(?:{_HOUR_WORDS})\s*)?
    (?:(?P<m>\d+(?:\.\d+)?)\s*(?:{_MINUTE_WORDS}))?$""",
    re.VERBOSE | re.IGNORECASE,
)


def parse_quantity(
    text: str, unit: Unit | None = None, *, decimal_comma: bool | None = None
) -> Quantity:
    """Read one value; decimal_comma=None means the writer's locale is unknown."""
    raw = text.strip()
    compound = _compound_duration(raw)
    quantity = compound if compound is not None else _single(raw, unit, decimal_comma)
    if abs(quantity.value) > LARGEST:
        raise QuantityError(
            f"'{raw}' is too large to be a measure's value; the most I take is {LARGEST:,.0f}"
        )
    return _fit(quantity, unit, raw) if unit is not None else quantity


def _single(raw: str, unit: Unit | None, decimal_comma: bool | None) -> Quantity:
    body, code = _strip_currency_code(raw)
    negative = body.startswith("(") and body.endswith(")")
    if negative:
        body = body[1:-1].strip()
    match = _SHAPE.match(body)
    if match is None:
        raise QuantityError(
            f"'{raw}' is not a number I can read; try something like 42 or 1,200.50"
        )
    sign = -1.0 if negative or "-" in (match["sign"] + match["sign2"]).replace("−", "-") else 1.0
    number = _read_digits(match["num"], decimal_comma=decimal_comma, raw=raw)
    suffix = match["suffix"].lower()
    currency = _CURRENCY_SYMBOLS.get(match["cur1"] or "", code)
    hint = UnitKind.CURRENCY if currency else None
    # After a currency, "m" is millions even on a duration measure: "$1.2M" is money.
    minutes = not currency and suffix == "m" and unit is not None and unit.kind is UnitKind.DURATION
    clash = "a percentage" if suffix == "%" else "a duration" if suffix in _HOURS else None
    if currency and clash:
        raise QuantityError(f"'{raw}' is written both as money and as {clash}")
    if suffix == "%":
        hint, scale = UnitKind.PERCENT, 1.0
    elif minutes:
        hint, scale = UnitKind.DURATION, _HOURS["min"]
    elif suffix in _MULTIPLIERS:
        scale = _MULTIPLIERS[suffix]
    elif suffix in _HOURS:
        hint, scale = UnitKind.DURATION, _HOURS[suffix]
    elif suffix == "":
        scale = 1.0
    else:
        raise QuantityError(f"'{raw}' ends in '{match['suffix']}', which I don't know as a unit")
    value = sign * number * scale
    if not math.isfinite(value):
        raise QuantityError(f"'{raw}' is too large to be a measure's value")
    return Quantity(value, hint, currency)


def _compound_duration(raw: str) -> Quantity | None:
    """A duration written in parts ("1 h 10 min"), in hours; None for any other shape."""
    match = _COMPOUND.match(raw)
    if match is None or sum(part is not None for part in match.groups()) < 2:
        return None
    days, hours, minutes = (float(part or 0) for part in match.groups())
    return Quantity(days * 24 + hours + minutes / 60, UnitKind.DURATION)


def _strip_currency_code(text: str) -> tuple[str, str | None]:
    parts = text.split()
    if len(parts) > 1 and parts[0].upper() in _CURRENCY_CODES:
        return " ".join(parts[1:]), parts[0].upper()
    if len(parts) > 1 and parts[-1].upper() in _CURRENCY_CODES:
        return " ".join(parts[:-1]), parts[-1].upper()
    return text, None


def _read_digits(num: str, *, decimal_comma: bool | None, raw: str) -> float:
    mantissa, _, exponent = num.replace("E", "e").partition("e")
    spaced = re.split(r"[\u00a0\u202f' ]+", mantissa)
    if any(len(re.sub(r"[.,].*", "", group)) != 3 for group in spaced[1:]):
        raise QuantityError(f"'{raw}' looks like more than one number; send one value at a time")
    digits = "".join(spaced)
    if "," in digits and "." in digits:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        if decimal == "," and decimal_comma is not True:
            reading = digits.replace(".", "").replace(",", ".")
            raise QuantityError(
                f"'{raw}' is ambiguous: did you mean {reading}? Write it with a decimal point."
            )
    elif "," in digits:
        decimal = "," if decimal_comma or not _grouped(digits, ",") else "."
    else:
        several = digits.count(".") > 1
        decimal = "," if several or (decimal_comma is True and _grouped(digits, ".")) else "."
    grouping = "." if decimal == "," else ","
    if digits.count(decimal) > 1:
        raise QuantityError(f"'{raw}' has more than one decimal separator")
    whole = digits.partition(decimal)[0]
    if grouping in whole and not _grouped(whole, grouping):
        if grouping == "." and "," not in digits:
            raise QuantityError(f"'{raw}' has more than one decimal point")
        raise QuantityError(
            f"'{raw}' is not a number I can read: groups of thousands have three digits, "
            "like 1,200,000"
        )
    plain = digits.replace(grouping, "").replace(decimal, ".")
    try:
        return float(plain + (f"e{exponent}" if exponent else ""))
    except ValueError:
        raise QuantityError(f"'{raw}' is not a number I can read") from None


def _grouped(digits: str, separator: str) -> bool:
    """Whether digits are split into thousands: 1 to 3 digits, then groups of exactly 3."""
    groups = digits.split(separator)
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _fit(quantity: Quantity, unit: Unit, raw: str) -> Quantity:
    """Convert a value into the measure's unit, or say why it does not fit."""
    hint, value = quantity.unit_hint, quantity.value
    if hint is UnitKind.PERCENT and unit.kind is UnitKind.RATIO:
        value = value / 100
    elif hint is not None and hint is not unit.kind:
        raise QuantityError(
            f"'{raw}' is {_NAMES[hint]}, but this measure is {_NAMES[unit.kind]}; "
            f"write it like {format_quantity(_example(unit), unit)}"
        )
    if quantity.currency and unit.currency and quantity.currency != unit.currency:
        raise QuantityError(
            f"'{raw}' is in {quantity.currency}, but this measure is in {unit.currency}"
        )
    problem = unit.check(value)
    if problem:
        raise QuantityError(f"'{raw}' doesn't fit: the value {problem}")
    return Quantity(value, hint, quantity.currency)


_NAMES = {
    UnitKind.NUMBER: "a plain number",
    UnitKind.COUNT: "a count",
    UnitKind.PERCENT: "a percentage",
    UnitKind.CURRENCY: "an amount of money",
    UnitKind.DURATION: "a duration",
    UnitKind.RATIO: "a ratio",
}


def _example(unit: Unit) -> float:
    low = unit.minimum if unit.minimum is not None else 0.0
    return max(low, min(12.0, unit.maximum if unit.maximum is not None else 12.0))


def exact_quantity(value: float, unit: Unit) -> str:
    """Write a value exactly, so that parse_quantity reads it back to the same float."""
    digits = format(value, ",")
    if digits.endswith(".0"):
        digits = digits[:-2]
    if unit.kind is UnitKind.PERCENT:
        return f"{digits}%"
    if unit.kind is UnitKind.DURATION:
        return f"{digits}h"
    if unit.kind is UnitKind.CURRENCY:
        symbol = _symbol(unit)
        if symbol:
            return f"-{symbol}{digits[1:]}" if digits.startswith("-") else f"{symbol}{digits}"
        return f"{digits} {unit.currency or ''}".strip()
    return digits


def format_quantity(value: float, unit: Unit) -> str:
    """A value as people read it: about three significant figures, in the unit's words."""
    return _formatted(float(value), unit)  # numpy's floats (chart axes) repr as np.float64(…)


@lru_cache(maxsize=4096)
def _formatted(value: float, unit: Unit) -> str:
    """format_quantity, remembered for the values written most often: a tick lists
    thousands of measures, and most of them share a handful of targets."""
    if not math.isfinite(value) or abs(value) > LARGEST:
        # Only a plan file's own YAML number gets this far; replies refuse it.
        return exact_quantity(value, unit)
    if unit.kind is UnitKind.PERCENT:
        return _percent(value)
    if unit.kind is UnitKind.RATIO:
        return _percent(value * 100)
    if unit.kind is UnitKind.CURRENCY:
        return _money(value, unit)
    if unit.kind is UnitKind.DURATION:
        return _duration(value)
    return _number(_significant(value))


_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"))
_TINY = 1e-6
_HOURS_SHOWN_UP_TO = 72.0


def _significant(value: float, figures: int = 3) -> Decimal:
    """Rounded to `figures` significant figures, but never losing a digit before the point."""
    if value == 0:
        return Decimal(0)
    exact = Decimal(repr(value))
    return _rounded(exact, max(0, figures - 1 - exact.adjusted()))


def _rounded(exact: Decimal, places: int) -> Decimal:
    """Half up to `places` decimals, with room for every digit of a plan's largest number."""
    context = _context(max(28, exact.adjusted() + places + 2))
    return exact.quantize(_step(places), rounding=ROUND_HALF_UP, context=context)


@cache
def _context(precision: int) -> Context:
    """One decimal context per precision, built once: a tick formats tens of thousands of
    values, and building a Context is most of what rounding one costs. Never mutated."""
    return Context(prec=precision)


@cache
def _step(places: int) -> Decimal:
    """10 ** -places, the quantum `places` decimals round to."""
    return Decimal(1).scaleb(-places)


def _number(rounded: Decimal) -> str:
    if rounded == 0:
        return "0"
    if 0 < abs(rounded) < _TINY:
        return f"{float(rounded):.3g}"
    text = f"{rounded:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _percent(value: float) -> str:
    if value != 0 and abs(value) < 0.05:
        return f"{_number(_significant(value, 2))}%"
    return f"{_number(_rounded(Decimal(repr(value)), 1))}%"


def _money(value: float, unit: Unit) -> str:
    sign = "-" if value < 0 else ""
    text = _money_digits(abs(value))
    symbol = _symbol(unit)
    if symbol:
        return f"{sign}{symbol}{text}"
    return f"{sign}{text} {unit.currency or ''}".strip()


def _money_digits(size: float) -> str:
    """$1.2M from a million up; whole amounts from a thousand; cents below that."""
    for scale, suffix in _SCALES:
        shown = _significant(size / scale)
        if shown >= 1:
            return f"{_number(shown)}{suffix}"
    whole = size >= 1000 or size == int(size)
    return f"{_rounded(Decimal(repr(size)), 0 if whole else 2):,f}"


def _duration(hours: float) -> str:
    sign, hours = ("-" if hours < 0 else ""), abs(hours)
    if hours < 1:
        return f"{sign}{_number(_significant(hours * 60))} min"
    if hours < _HOURS_SHOWN_UP_TO:
        whole, minutes = divmod(round(hours * 60), 60)
        return f"{sign}{whole} h {minutes} min" if minutes else f"{sign}{whole} h"
    return f"{sign}{_number(_significant(hours / 24))} days"


def _symbol(unit: Unit) -> str | None:
    return next((s for s, c in _CURRENCY_SYMBOLS.items() if c == unit.currency), None)
