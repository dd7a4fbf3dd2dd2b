"""The one Jinja environment every message is rendered with, and the filters templates use.

Templates write a small YAML document (see messages/document.py). Every value they print
is escaped twice over: as neutral markup, so typed text stays literal, and as the inside of
a double-quoted YAML scalar, so no value can change the document's structure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from cadence.quantities import LARGEST
from cadence.units import Unit, UnitKind
from cadence.views import Status
from messages.charts import sparkline
from messages.markup import Raw, escape, mention_token
from messages.period_words import period_label, these_numbers
from messages.reply_examples import example_reply

_YAML_UNSAFE = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029]')

_STATUS_WORDS = {
    Status.GREEN: "green",
    Status.AMBER: "amber",
    Status.RED: "red",
    Status.ON_TRACK: "on track",
    Status.AT_RISK: "at risk",
    Status.OFF_TRACK: "off track",
}
_STATUS_ICONS = {
    Status.GREEN: "🟢",
    Status.AMBER: "🟠",
    Status.RED: "🔴",
    Status.ON_TRACK: "🟢",
    Status.AT_RISK: "🟠",
    Status.OFF_TRACK: "🔴",
}


_NON_NEGATIVE = (UnitKind.COUNT, UnitKind.DURATION, UnitKind.RATIO)
# What an answer field's number is counted in, where a bare number could be misread.
_UNIT_WORDS = {
    UnitKind.PERCENT: "%",
    UnitKind.DURATION: "hours",
    UnitKind.RATIO: "a fraction: 0.3 is 30%",
}


class Structure(str):
    """Template output that is YAML already: a JSON literal, or a macro's escaped output."""


class TemplateValueError(ValueError):
    """A template printed a value it should have guarded (None, a bool)."""


def _yaml_inner(text: str) -> str:
    return _YAML_UNSAFE.sub(
        lambda m: f"\\u{ord(m.group()):04x}" if m.group() not in '\\"' else "\\" + m.group(), text
    )


def _finalize(value: Any) -> str:
    if value is None or isinstance(value, bool):
        raise TemplateValueError(f"a template printed {value!r}; guard optional values with `if`")
    if isinstance(value, Structure):
        return value
    if isinstance(value, Raw):
        return _yaml_inner(value)
    if isinstance(value, int | float):
        return _yaml_inner(f"{value:g}")
    return _yaml_inner(escape(str(value)))


def _json(value: Any) -> Structure:
    return Structure(json.dumps(value, ensure_ascii=True))


def _share(value: float) -> str:
    return f"{round(value * 100):d}%"


def _day(value: date) -> str:
    return f"{value:%a} {value.day} {value:%b}"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _spark(values: Sequence[float]) -> str:
    return sparkline(values)


def _bounds(unit: Unit) -> Structure:
    """The bounds parse_quantity enforces, as JSON for an answer field's min and max."""
    low = unit.minimum
    if low is None:
        low = 0.0 if unit.kind in _NON_NEGATIVE else -LARGEST
    high = LARGEST if unit.maximum is None else unit.maximum
    return Structure(json.dumps({"min": low, "max": high}))


def _unit_words(unit: Unit) -> str:
    """The unit a bare number in an answer field is counted in ("USD", "hours"), or ''."""
    if unit.kind is UnitKind.CURRENCY:
        return unit.currency or "amount"
    return _UNIT_WORDS.get(unit.kind, "")


def _digits(value: float) -> str:
    """A value as a number field takes it: digits, a point, no grouping or unit."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def build_environment() -> Environment:
    """The Jinja environment for messages/templates: strict, escaping, built once at start."""
    env = Environment(
        loader=PackageLoader("messages", "templates"),
        undefined=StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The templates ship with the package: no file checks on every render.
        auto_reload=False,
    )
    env.filters.update(
        mention=mention_token,
        # Only for a macro's output: the values inside were escaped as the macro printed them.
        raw=Structure,
        json=_json,
        share=_share,
        day=_day,
        plural=_plural,
        spark=_spark,
        bounds=_bounds,
        unit_words=_unit_words,
        digits=_digits,
        period=period_label,
        these_numbers=these_numbers,
        reply_example=example_reply,
        status_word=lambda s: _STATUS_WORDS[Status(s)],
        status_icon=lambda s: _STATUS_ICONS[Status(s)] if s is not None else "⚪",
    )
    return env
