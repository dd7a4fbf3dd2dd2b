"""Frozen domain dataclasses as JSON-safe data and back, driven by their type hints.

Storage keeps plan definitions and the outbox keeps views this way, so a field added to a
dataclass is stored without a hand-written mapping to fall out of step.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from datetime import date, datetime, time
from functools import cache
from typing import Any


def to_data(value: Any) -> Any:
    """Dataclasses become dicts, enums their values, dates ISO strings, collections lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): to_data(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    if isinstance(value, frozenset | set):
        return sorted(to_data(item) for item in value)
    return value


def from_data(hint: Any, raw: Any) -> Any:
    """Rebuild a value of type `hint` from to_data's output; raises TypeError/ValueError."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        if raw is None:
            return None
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _first_fit(options, raw)
    if origin in (tuple, frozenset):
        item = typing.get_args(hint)[0]
        return origin(from_data(item, element) for element in raw)
    if origin is dict:
        key_hint, value_hint = typing.get_args(hint)
        return {from_data(key_hint, k): from_data(value_hint, v) for k, v in raw.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(raw, dict):
            raise TypeError(f"{hint.__name__} needs an object, got {type(raw).__name__}")
        fields = _hints(hint)
        known = {f.name for f in dataclasses.fields(hint) if f.init}
        return hint(**{name: from_data(fields[name], raw[name]) for name in raw if name in known})
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(raw)
    for kind in (datetime, date, time):
        if hint is kind:
            return kind.fromisoformat(raw)
    if hint is float and isinstance(raw, int) and not isinstance(raw, bool):
        return float(raw)
    return raw


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _first_fit(options: list[Any], raw: Any) -> Any:
    if len(options) == 1:
        return from_data(options[0], raw)
    for option in options:
        try:
            return from_data(option, raw)
        except (TypeError, ValueError, KeyError):
            continue
    raise ValueError(f"{raw!r} fits none of {options}")
