"""The words a reply parser recognises: confidence, "no change", "skip", measure names."""

from __future__ import annotations

import re
from collections import Counter
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


def distinct_words(measures: Sequence[MeasureLine]) -> dict[str, MeasureLine]:
    """Title words that name exactly one of the measures, so a reply line can start with one."""
    per_measure = [
        (m, {w for w in re.findall(r"\w+", m.title.lower()) if w not in _STOP and not w.isdigit()})
        for m in measures
    ]
    counts = Counter(w for _, words in per_measure for w in words)
    return {w: m for m, words in per_measure for w in words if counts[w] == 1}
