"""Views as JSON-safe dicts and back, so an outbox row can hold one across restarts.

The outbox stores what a message says, not how one platform draws it: the adapter renders
at send time, so a template fix reaches messages already queued.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from cadence import views
from cadence.codec import from_data, to_data

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
    return {"kind": kind, "data": to_data(view)}


def decode_view(payload: dict[str, Any]) -> View:
    """The view a payload was made from."""
    cls = _KINDS.get(str(payload.get("kind")))
    if cls is None:
        raise ViewCodecError(f"unknown view kind {payload.get('kind')!r}")
    try:
        return from_data(cls, payload.get("data"))
    except (TypeError, ValueError, KeyError) as error:
        raise ViewCodecError(f"payload for {cls.__name__} does not decode: {error}") from error
