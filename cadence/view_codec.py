"""Views as JSON-safe dicts and back, so an outbox row can hold one across restarts.

The outbox stores what a message says, not how one platform draws it: the adapter renders
at send time, so a template fix reaches messages already queued.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from datetime import date, datetime
from functools import cache
from typing import Any

from cadence import views

View = Any

_KINDS: dict[str, type] = {
    name: cls
    for name, cls in vars(views).items()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == views.__name__
}


class ViewCodecError(ValueError):
    """A stored payload that no longer matches any view; the row is failed, not guessed at."""


def encode_view(view: View) -> dict[str, Any]:
    """The view as {"kind": ..., "data": ...}; raises TypeError for a non-view."""
    kind = type(view).__name__
    if _KINDS.get(kind) is not type(view):
        raise TypeError(f"{kind} is not a view model")
    return {"kind": kind, "data": _encode(view)}


def decode_view(payload: dict[str, Any]) -> View:
    """The view a payload was made from."""
    cls = _KINDS.get(str(payload.get("kind")))
    if cls is None:
        raise ViewCodecError(f"unknown view kind {payload.get('kind')!r}")
    try:
        return _decode(cls, payload.get("data"))
    except (TypeError, ValueError, KeyError) as error:
        raise ViewCodecError(f"payload for {cls.__name__} does not decode: {error}") from error


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset):
        return [_encode(item) for item in value]
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(hint: Any, raw: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if raw is None:
            return None
        return _decode(options[0], raw) if len(options) == 1 else _first_fit(options, raw)
    if origin in (tuple, frozenset):
        item = typing.get_args(hint)[0]
        return origin(_decode(item, element) for element in raw)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        fields = _hints(hint)
        known = {f.name for f in dataclasses.fields(hint)}
        return hint(**{name: _decode(fields[name], raw[name]) for name in raw if name in known})
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(raw)
    if hint is datetime:
        return datetime.fromisoformat(raw)
    if hint is date:
        return date.fromisoformat(raw)
    if hint is float and isinstance(raw, int):
        return float(raw)
    return raw


def _first_fit(options: list[Any], raw: Any) -> Any:
    for option in options:
        try:
            return _decode(option, raw)
        except (TypeError, ValueError, KeyError):
            continue
    raise ValueError(f"{raw!r} fits none of {options}")
