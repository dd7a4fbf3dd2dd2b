"""Page arithmetic for long lists, so a plan of tens of thousands of measures stays readable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlencode

T = TypeVar("T")

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page sits in a list: its number (from 1), how many pages, its query key, and
    the other lists' pages on the same page, kept when this one turns."""

    page: int
    pages: int
    param: str = "page"
    keep: tuple[tuple[str, int], ...] = ()

    def query(self, page: int) -> str:
        """The query string that opens another page."""
        return urlencode({**dict(self.keep), self.param: page})


def page_of(
    items: Sequence[T],
    *,
    page: int,
    size: int = PAGE_SIZE,
    param: str = "page",
    keep: tuple[tuple[str, int], ...] = (),
) -> tuple[list[T], Pager]:
    """The slice of `items` for a 1-based page, clamped to the pages that exist."""
    pages = max(1, -(-len(items) // size))
    current = min(max(page, 1), pages)
    start = (current - 1) * size
    pager = Pager(page=current, pages=pages, param=param, keep=keep)
    return list(items[start : start + size]), pager


def page_number(raw: str | None) -> int:
    """Read a page number from a query value; anything unreadable is the first page."""
    try:
        return max(1, int(raw or "1"))
    except ValueError:
        return 1
