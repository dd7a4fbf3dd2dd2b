"""Shortening a document to a surface's limits by leaving out group items, and saying so."""

from __future__ import annotations

from collections.abc import Callable

from messages.document import Element


def flatten(document: list[Element], *, cap: int | None = None) -> list[Element]:
    """The document with each group replaced by its first `cap` items and an 'and N more' note."""
    flat: list[Element] = []
    for element in document:
        if element["type"] != "group":
            flat.append(element)
            continue
        items = element["items"]
        kept = items if cap is None else items[:cap]
        for item in kept:
            flat.extend(item)
        left_out = len(items) - len(kept)
        if left_out:
            flat.append({"type": "context", "text": _more(left_out, element)})
    return flat


def fit(document: list[Element], *, fits: Callable[[list[Element]], bool]) -> list[Element]:
    """The longest version of the document that `fits`, trimming every group to one cap."""
    whole = flatten(document)
    if fits(whole):
        return whole
    longest = max((len(e["items"]) for e in document if e["type"] == "group"), default=0)
    low, high = 0, longest
    while low < high:
        middle = (low + high + 1) // 2
        if fits(flatten(document, cap=middle)):
            low = middle
        else:
            high = middle - 1
    return flatten(document, cap=low)


def _more(count: int, group: Element) -> str:
    # Noun and hint come from the template, so they are markup already.
    one, many = group["noun"]
    hint = f": {group['hint']}" if group["hint"] else ""
    return f"…and {count} more {one if count == 1 else many}{hint}"
