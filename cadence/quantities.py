"""Numbers as people type them: "1,200.50", "$1.2M", "30%", "72h", "3 days".

Plan files, spreadsheets and chat replies all go through here, so a value means the same
thing wherever it was written.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

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
_MULTIPLIERS = {"k": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9}
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


def parse_quantity(
    text: str, unit: Unit | None = None, *, decimal_comma: bool | None = None
) -> Quantity:
    """Read one value; decimal_comma=None means the writer's locale is unknown."""
    raw = text.strip()
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
    if suffix == "%":
        hint, scale = UnitKind.PERCENT, 1.0
    elif suffix == "m" and unit is not None and unit.kind is UnitKind.DURATION:
        hint, scale = UnitKind.DURATION, _HOURS["min"]
    elif suffix in _HOURS:
        hint, scale = UnitKind.DURATION, _HOURS[suffix]
    elif suffix in _MULTIPLIERS:
        scale = _MULTIPLIERS[suffix]
    elif suffix == "":
        scale = 1.0
    else:
        raise QuantityError(f"'{raw}' ends in '{match['suffix']}', which I don't know as a unit")
    value = sign * number * scale
    if not math.isfinite(value):
        raise QuantityError(f"'{raw}' is too large to be a measure's value")
    quantity = Quantity(value, hint, currency)
    return _fit(quantity, unit, raw) if unit is not None else quantity


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
        groups = digits.split(",")
        thousands = all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3
        decimal = "," if decimal_comma or not thousands else "."
    else:
        groups = digits.split(".")
        thousands = len(groups) > 2 or (decimal_comma is True and len(groups[-1]) == 3)
        decimal = "," if thousands else "."
    grouping = "." if decimal == "," else ","
    if digits.count(decimal) > 1:
        raise QuantityError(f"'{raw}' has more than one decimal separator")
    plain = digits.replace(grouping, "").replace(decimal, ".")
    try:
        return float(plain + (f"e{exponent}" if exponent else ""))
    except ValueError:
        raise QuantityError(f"'{raw}' is not a number I can read") from None


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


def format_quantity(value: float, unit: Unit) -> str:
    """Write a value exactly, so that parse_quantity reads it back to the same float."""
    digits = format(value, ",")
    if digits.endswith(".0"):
        digits = digits[:-2]
    if unit.kind is UnitKind.PERCENT:
        return f"{digits}%"
    if unit.kind is UnitKind.DURATION:
        return f"{digits}h"
    if unit.kind is UnitKind.CURRENCY:
        symbol = next((s for s, c in _CURRENCY_SYMBOLS.items() if c == unit.currency), None)
        if symbol:
            return f"-{symbol}{digits[1:]}" if digits.startswith("-") else f"{symbol}{digits}"
        return f"{digits} {unit.currency or ''}".strip()
    return digits
