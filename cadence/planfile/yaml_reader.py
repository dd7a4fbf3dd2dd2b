"""Typed values from YAML nodes: each reader reports what is wrong and returns None."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TypeVar

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import Node, ScalarNode

from cadence.planfile import values
from cadence.planfile.issues import Issues, Place
from cadence.planfile.unit_spec import bounded, check_currency, parse_kind, parse_unit_text
from cadence.planfile.yaml_nodes import (
    STR_TAG,
    Fields,
    as_list,
    as_mapping,
    describe,
    is_null,
    plain_tag,
)
from cadence.units import Unit, UnitKind

S = TypeVar("S")
T = TypeVar("T")
# Plain numbers YAML 1.1 and people read alike. Others that YAML types as numbers (010 as
# octal 8, 0x10, 1:30 as sexagesimal 90, 1_000) are read as people write them, or refused.
_DECIMAL = re.compile(
    r"[-+]?(0|[1-9][0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?|[-+]?\.[0-9]+([eE][-+]?[0-9]+)?"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)


class Reader:
    """Reads the values of one YAML file, collecting every problem into `issues`."""

    def __init__(self, issues: Issues, loader: SafeConstructor) -> None:
        self.issues = issues
        self.loader = loader

    def mapping(self, node: Node, place: Place, *, allowed: Sequence[str] | None) -> Fields | None:
        """A mapping's fields, unknown and duplicate names reported."""
        return as_mapping(node, place, self.issues, allowed=allowed)

    def items(self, node: Node | None, place: Place) -> list[tuple[Node, Place]]:
        """A list's items with their places; nothing when absent."""
        return [] if is_null(node) or node is None else as_list(node, place, self.issues)

    def text(
        self, node: Node | None, place: Place, *, required: bool = False, limit: int | None = None
    ) -> str | None:
        """A single value as written (YAML's typing of `no` or `0012` is ignored), at most
        `limit` characters."""
        if is_null(node) or node is None:
            if required:
                self.issues.error(place, "is required")
            return None
        if not plain_tag(node, place, self.issues):
            return None
        if not isinstance(node, ScalarNode):
            self.issues.error(place, f"expected a single value, got {describe(node)}")
            return None
        if not node.value.strip():
            self.issues.error(place, "is empty")
            return None
        if limit is not None:
            return self.check(node.value, place, values.within(limit))
        return node.value

    def parsed(
        self, node: Node | None, place: Place, parse: Callable[[str], T], *, required: bool = False
    ) -> T | None:
        """A text value passed through one of the `values` checks."""
        text = self.text(node, place, required=required)
        return None if text is None else self.check(text, place, parse)

    def check(self, value: S, place: Place, parse: Callable[[S], T]) -> T | None:
        """A value passed through one of the `values` checks, its error reported."""
        try:
            return parse(value)
        except ValueError as exc:
            self.issues.error(place, str(exc))
            return None

    def field(
        self,
        fields: Fields,
        name: str,
        *,
        parse: Callable[[str], T] = str,  # type: ignore[assignment]
    ) -> T | None:
        """An optional field of a mapping, read as text and checked by `parse`."""
        return self.parsed(fields.get(name), fields.at(name), parse)

    def key(self, node: Node | None, place: Place) -> str | None:
        """A required stable key."""
        return self.parsed(node, place, values.check_key, required=True)

    def flag(self, node: Node | None, place: Place) -> bool:
        """true/false; anything else is an error (and reads as false)."""
        if node is None or is_null(node) or not plain_tag(node, place, self.issues):
            return False
        value = self._typed(node)
        if isinstance(value, bool):
            return value
        self.issues.error(place, f"expected true or false, got {describe(node)}")
        return False

    def integer(self, node: Node | None, place: Place, *, low: int, high: int) -> int | None:
        """A whole number within bounds."""
        text = self.text(node, place)
        if text is None:
            return None
        if not text.strip().isdigit() or not low <= int(text) <= high:
            self.issues.error(place, f"'{text}' is not a whole number from {low} to {high}")
            return None
        return int(text)

    def number(self, node: Node | None, place: Place, *, unit: Unit) -> float | None:
        """A plain YAML number, or a number as people write it ("1,200.50", "30%", "$1.2M")."""
        if node is None or is_null(node) or not plain_tag(node, place, self.issues):
            return None
        value = self._typed(node)
        written = node.value if isinstance(node, ScalarNode) else None
        try:
            if isinstance(value, int | float) and not isinstance(value, bool):
                if not node.style and _DECIMAL.fullmatch(
                    str(written)
                ):  # plain: "" from libyaml, None from PyYAML
                    return values.check_number(float(value), unit)
                return values.parse_number(str(written), unit, decimal_comma=None)
            if written is not None and node.tag == STR_TAG:
                return values.parse_number(written, unit, decimal_comma=None)
        except ValueError as exc:
            self.issues.error(place, str(exc))
            return None
        self.issues.error(place, f"expected a number, got {describe(node)}")
        return None

    def day(self, node: Node | None, place: Place) -> date | None:
        """A calendar date written as 2026-12-24."""
        if node is not None and not is_null(node) and not plain_tag(node, place, self.issues):
            return None
        value = self._typed(node) if node is not None and not is_null(node) else None
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        self.issues.error(
            place, "is required" if value is None else "expected a date like 2026-12-24"
        )
        return None

    def unit(self, node: Node | None, place: Place) -> Unit | None:
        """`percent`, `currency: USD`, or a mapping {kind, currency, min, max}."""
        if node is None or is_null(node):
            return None
        if isinstance(node, ScalarNode):
            return self.parsed(node, place, parse_unit_text)
        fields = self.mapping(node, place, allowed=("kind", "currency", "min", "max"))
        if fields is None:
            return None
        currency = self.parsed(fields.get("currency"), fields.at("currency"), check_currency)
        kind = self.parsed(fields.get("kind"), fields.at("kind"), parse_kind)
        if kind is None:
            kind = UnitKind.CURRENCY if fields.get("currency") else UnitKind.NUMBER
        plain = Unit(kind, currency=currency)
        low = self.number(fields.get("min"), fields.at("min"), unit=Unit())
        high = self.number(fields.get("max"), fields.at("max"), unit=Unit())
        try:
            return bounded(plain, minimum=low, maximum=high)
        except ValueError as exc:
            self.issues.error(fields.at("max"), str(exc))
            return plain

    def _typed(self, node: Node) -> object:
        if not isinstance(node, ScalarNode):
            return node
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError):  # a date-like 2026-13-45 raises ValueError
            return node.value
