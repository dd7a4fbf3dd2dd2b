"""Shortening a document to a surface's limits by leaving out group items, and saying so."""

from __future__ import annotations

from collections.abc import Callable

from messages.document import Element


def flatten(
    document: list[Element], *, cap: int | None = None, pack: bool = False
) -> list[Element]:
    """The document with each group replaced by its first `cap` items and an 'and N more' note.

    With `pack`, a group of one-line items becomes one text of many lines, which a surface
    that counts blocks (Slack) splits only where its text limit says."""
    flat: list[Element] = []
    for element in document:
        if element["type"] != "group":
            flat.append(element)
            continue
        items = element["items"]
        kept = items if cap is None else items[:cap]
        if pack and kept and all(len(i) == 1 and i[0]["type"] == "text" for i in kept):
            flat.append({"type": "text", "text": "\n".join(i[0]["text"] for i in kept)})
        else:
            for item in kept:
                flat.extend(item)
        left_out = len(items) - len(kept)
        if left_out:
            flat.append({"type": "context", "text": _more(left_out, element)})
    return flat


def fit(
    document: list[Element], *, fits: Callable[[list[Element]], bool], pack: bool = False
) -> list[Element]:
    """The longest version of the document that `fits`, trimming every group to one cap."""
    whole = flatten(document, pack=pack)
    if fits(whole):
        return whole
    longest = max((len(e["items"]) for e in document if e["type"] == "group"), default=0)
    low, high = 0, longest
    while low < high:
        middle = (low + high + 1) // 2
        if fits(flatten(document, cap=middle, pack=pack)):
            low = middle
        else:
            high = middle - 1
    return flatten(document, cap=low, pack=pack)


def _more(count: int, group: Element) -> str:
    # Noun and hint come from the template, so they are markup already.
    one, many = group["noun"]
    hint = f": {group['hint']}" if group["hint"] else ""
    return f"…and {count} more {one if count == 1 else many}{hint}"
