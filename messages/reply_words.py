"""The words a reply parser recognises: confidence, "no change", "skip", measure names."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cadence.updates import Confidence
from cadence.views import MeasureLine

NO_CHANGE = frozenset(
    {"no change", "nochange", "unchanged", "same", "same as last week", "same as before", "nc"}
)
SKIP = frozenset({"skip", "skip this week", "pass", "skip it"})
CONFIDENCE = {
    "on track": Confidence.ON_TRACK,
    "at risk": Confidence.AT_RISK,
    "off track": Confidence.OFF_TRACK,
}
_CONFIDENCE = re.compile(r"^\s*(on|at|off)[\s\-_]?(track|risk)\b\s*", re.IGNORECASE)
_STOP = frozenset({"the", "a", "an", "of", "in", "on", "to", "and", "for", "per", "by", "with"})


def split_confidence(text: str) -> tuple[Confidence | None, str]:
    """A leading "on track" / "at-risk" / "off track", and the text after it."""
    match = _CONFIDENCE.match(text)
    if match is None:
        return None, text
    phrase = f"{match[1].lower()} {match[2].lower()}"
    if phrase not in CONFIDENCE:
        return None, text
    return CONFIDENCE[phrase], text[match.end() :]


def named(label: str, measures: Sequence[MeasureLine]) -> MeasureLine | None:
    """The one measure a label names: its key, or words that only its title (or key) has.

    "deals", "big-deals" and "Land 2 logos" name a measure; a bare number never does.
    """
    wanted = label.strip().lower().strip(".-")
    exact = next((m for m in measures if m.key.lower() == wanted), None)
    if exact is not None:
        return exact
    said = {w for w in re.findall(r"\w+", wanted) if w not in _STOP}
    if not said or all(w.isdigit() for w in said):
        return None
    found = [m for m in measures if said <= _vocabulary(m)]
    return found[0] if len(found) == 1 else None


def _vocabulary(line: MeasureLine) -> set[str]:
    return set(re.findall(r"\w+", f"{line.title} {line.key}".lower()))
