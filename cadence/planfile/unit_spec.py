"""Units as plan files write them: `percent`, `currency: USD`, `{currency: USD, min: 0}`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cadence.planfile.issues import did_you_mean
from cadence.quantities import QuantityError, parse_quantity
from cadence.units import Unit, UnitKind

_CODE = re.compile(r"^[A-Z]{3}$")
KIND_NAMES = [k.value for k in UnitKind]


def check_currency(text: str) -> str:
    """An ISO 4217 currency code such as USD."""
    code = text.strip().upper()
    if not _CODE.match(code):
        raise ValueError(f"'{text}' is not a currency code; use three letters like USD or EUR")
    return code


def parse_kind(text: str) -> UnitKind:
    """One of the unit kinds by name."""
    word = text.strip().lower()
    if word not in KIND_NAMES:
        hint = did_you_mean(word, KIND_NAMES)
        raise ValueError(f"'{text}' is not a unit; use one of {', '.join(KIND_NAMES)}{hint}")
    return UnitKind(word)


def parse_unit_text(text: str) -> Unit:
    """`percent`, `count`, … or `currency: USD` / `currency USD` written as one value."""
    head, sep, rest = text.replace(":", " ").strip().partition(" ")
    kind = parse_kind(head)
    if sep and kind is not UnitKind.CURRENCY:
        raise ValueError(f"'{text}' is not a unit; only currency takes a code, as in currency: USD")
    return Unit(kind, currency=check_currency(rest) if rest.strip() else None)


def bounded(unit: Unit, *, minimum: float | None, maximum: float | None) -> Unit:
    """The unit with bounds, refused when they are the wrong way round."""
    if minimum is not None and maximum is not None and minimum > maximum:
        raise ValueError(f"min {minimum:g} is above max {maximum:g}")
    return Unit(unit.kind, currency=unit.currency, minimum=minimum, maximum=maximum)


def infer_unit(texts: Iterable[str]) -> Unit:
    """The unit the numbers themselves announce ("30%", "$1.2M", "2h"), else a plain number."""
    for text in texts:
        try:
            quantity = parse_quantity(text)
        except QuantityError:
            continue
        if quantity.unit_hint is not None:
            return Unit(quantity.unit_hint, currency=quantity.currency)
    return Unit()


def unit_text(unit: Unit) -> str | dict[str, object]:
    """How a unit is written back to a plan file, as the docs write it: a word, `{currency:
    USD}`, or a mapping with the kind when it has bounds."""
    if unit.minimum is None and unit.maximum is None:
        return {"currency": unit.currency} if unit.currency else unit.kind.value
    written: dict[str, object] = {"kind": unit.kind.value}
    if unit.currency:
        written["currency"] = unit.currency
    if unit.minimum is not None:
        written["min"] = unit.minimum
    if unit.maximum is not None:
        written["max"] = unit.maximum
    return written
