"""Frozen domain dataclasses as JSON-safe data and back, driven by their type hints.

Storage keeps plan definitions and the outbox keeps views this way, so a field added to a
dataclass is stored without a hand-written mapping to fall out of step.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Callable
from datetime import date, datetime, time
from functools import cache
from typing import Any

_PLAIN = frozenset({str, int, float, bool, type(None)})


def to_data(value: Any) -> Any:
    """Dataclasses become dicts, enums their values, dates ISO strings, collections lists."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    return _encoder(kind)(value)


Encoder = Callable[[Any], Any]


def _encoder(kind: type) -> Encoder:
    """An encoding function per type, built once: a tick encodes thousands of views, and
    walking each one generically (a type test per value) was most of its cost."""
    found = _encoders.get(kind)
    if found is None:
        found = _encoders[kind] = _new_encoder(kind)
    return found


_encoders: dict[type, Encoder] = {}


def _new_encoder(kind: type) -> Encoder:
    if dataclasses.is_dataclass(kind):
        return _dataclass_encoder(kind)
    if issubclass(kind, enum.Enum):
        return _enum_value
    if issubclass(kind, datetime | date | time):
        return _isoformat
    if issubclass(kind, dict):
        return _dict_data
    if issubclass(kind, tuple | list):
        return _list_data
    if issubclass(kind, frozenset | set):
        return _set_data
    return _same


def _dataclass_encoder(kind: type) -> Encoder:
    """A function per dataclass written out as one dict display, the way dataclasses
    writes __init__: a field whose type admits only plain values is copied as it is, a
    tuple of them becomes a list, anything else goes through to_data. A loop over the
    fields with a type test on each value was most of what a tick spent encoding views."""
    try:
        hints = typing.get_type_hints(kind)
    except (NameError, TypeError):  # an unresolvable hint: every field is looked at
        hints = {}
    items = []
    for field in dataclasses.fields(kind):
        hint, access = hints.get(field.name, Any), f"value.{field.name}"
        if _plain(hint):
            items.append(f"{field.name!r}: {access}")
        elif typing.get_origin(hint) in (tuple, list) and all(
            arg is Ellipsis or _plain(arg) for arg in typing.get_args(hint)
        ):
            items.append(f"{field.name!r}: list({access})")
        else:
            items.append(f"{field.name!r}: to_data({access})")
    namespace: dict[str, Any] = {"to_data": to_data}
    exec(f"def encode(value):\n    return {{{', '.join(items)}}}\n", namespace)
    encode: Encoder = namespace["encode"]
    return encode


def _plain(hint: Any) -> bool:
    """Whether every value the hint admits is JSON as it is."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return all(arg in _PLAIN for arg in typing.get_args(hint))
    return hint in _PLAIN


def _enum_value(value: enum.Enum) -> Any:
    return value._value_  # Enum.value is a property: ten times slower, same value


def _isoformat(value: datetime | date | time) -> str:
    return value.isoformat()


def _dict_data(value: dict[Any, Any]) -> dict[str, Any]:
    return {str(key): to_data(item) for key, item in value.items()}


def _list_data(value: tuple[Any, ...] | list[Any]) -> list[Any]:
    return [item if type(item) in _PLAIN else to_data(item) for item in value]


def _set_data(value: frozenset[Any] | set[Any]) -> list[Any]:
    return sorted(to_data(item) for item in value)


def from_data(hint: Any, raw: Any) -> Any:
    """Rebuild a value of type `hint` from to_data's output; raises TypeError/ValueError."""
    return _decoder(hint)(raw)


Decoder = Callable[[Any], Any]


@cache
def _decoder(hint: Any) -> Decoder:
    """A decoding function per type, built once: plans of 33,000 measures load in a blink
    only if the type hints are not re-read for every value."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [_decoder(arg) for arg in typing.get_args(hint) if arg is not type(None)]
        return _optional(options[0]) if len(options) == 1 else _first_fit(options)
    if origin in (tuple, frozenset):
        item = _decoder(typing.get_args(hint)[0])
        return lambda raw: origin(item(element) for element in raw)
    if origin is dict:
        key_of, value_of = (_decoder(arg) for arg in typing.get_args(hint))
        return lambda raw: {key_of(k): value_of(v) for k, v in raw.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass(hint)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
    if hint in (datetime, date, time):
        return hint.fromisoformat
    if hint is float:
        return _float
    return _same


def _dataclass(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    fields = {f.name: _decoder(hints[f.name]) for f in dataclasses.fields(cls) if f.init}

    def decode(raw: Any) -> Any:
        if not isinstance(raw, dict):
            raise TypeError(f"{cls.__name__} needs an object, got {type(raw).__name__}")
        return cls(**{name: fields[name](value) for name, value in raw.items() if name in fields})

    return decode


def _optional(decode: Decoder) -> Decoder:
    return lambda raw: None if raw is None else decode(raw)


def _first_fit(options: list[Decoder]) -> Decoder:
    def decode(raw: Any) -> Any:
        if raw is None:
            return None
        for option in options:
            try:
                return option(raw)
            except (TypeError, ValueError, KeyError):
                continue
        raise ValueError(f"{raw!r} fits none of the types allowed here")

    return decode


def _float(raw: Any) -> Any:
    return float(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw


def _same(raw: Any) -> Any:
    return raw
