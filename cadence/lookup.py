"""Finding a measure from what someone typed: its key, or words of its title."""

from __future__ import annotations

import re

from cadence.model import Measure, Plan

_WORD = re.compile(r"\w+")


def find_measures(plan: Plan, query: str, *, limit: int = 5) -> list[Measure]:
    """Exact key first; otherwise measures whose key or title holds every word typed."""
    wanted = query.strip().lower()
    measures = plan.measures()
    exact = [m for m in measures if m.key.lower() == wanted]
    if exact or not wanted:
        return exact
    words = _WORD.findall(wanted)
    hits = [m for m in measures if all(w in f"{m.key} {m.title}".lower() for w in words)]
    hits.sort(key=lambda m: (not m.title.lower().startswith(wanted), len(m.title), m.key))
    return hits[:limit]
