"""Cadences in a YAML plan: `weekly`, or {every, weekday, hour, minute}, per plan/team/measure;
and where a plan's or a team's digest goes: `digest: {to: channel | managers | both}`."""

from __future__ import annotations

from dataclasses import replace

from yaml.nodes import Node, ScalarNode

from cadence.planfile import values
from cadence.planfile.issues import Place, did_you_mean
from cadence.planfile.yaml_reader import Reader
from cadence.schedule import CHECKIN, DEFAULTS, DIGEST, KPI_REVIEW, CadenceSpec, DigestTo, Every

CADENCE_FIELDS = ("every", "weekday", "hour", "minute")
CADENCE_NAMES = (CHECKIN, KPI_REVIEW, DIGEST)
DIGEST_FIELDS = ("to",)
_PLAIN = CadenceSpec(Every.WEEK)


def read_cadence(
    reader: Reader, node: Node | None, place: Place, *, default: CadenceSpec = _PLAIN
) -> CadenceSpec | None:
    """One cadence; what it leaves out (day, hour, minute) comes from `default`."""
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        every = reader.parsed(node, place, values.parse_every)
        return None if every is None else replace(default, every=every)
    fields = reader.mapping(node, place, allowed=CADENCE_FIELDS)
    if fields is None:
        return None
    every = reader.parsed(
        fields.get("every"), fields.at("every"), values.parse_every, required=True
    )
    weekday = reader.parsed(fields.get("weekday"), fields.at("weekday"), values.parse_weekday)
    hour = reader.integer(fields.get("hour"), fields.at("hour"), low=0, high=23)
    minute = reader.integer(fields.get("minute"), fields.at("minute"), low=0, high=59)
    if every is None:
        return None
    return CadenceSpec(
        every,
        weekday=default.weekday if weekday is None else weekday,
        hour=default.hour if hour is None else hour,
        minute=default.minute if minute is None else minute,
    )


def read_cadences(reader: Reader, node: Node | None, place: Place) -> dict[str, CadenceSpec]:
    """Overrides by name (checkin, kpi_review, digest), each over that name's default."""
    if node is None:
        return {}
    fields = reader.mapping(node, place, allowed=CADENCE_NAMES)
    if fields is None:
        return {}
    found = {}
    for name in CADENCE_NAMES:
        spec = read_cadence(reader, fields.get(name), fields.at(name), default=DEFAULTS[name])
        if spec is not None:
            found[name] = spec
    return found


def read_digest_to(reader: Reader, node: Node | None, place: Place) -> DigestTo | None:
    """The `to` of a `digest:` mapping; None when absent or wrong (the error is reported)."""
    if node is None:
        return None
    fields = reader.mapping(node, place, allowed=DIGEST_FIELDS)
    if fields is None:
        return None
    return reader.parsed(fields.get("to"), fields.at("to"), _parse_digest_to, required=True)


def _parse_digest_to(text: str) -> DigestTo:
    word = text.strip().lower()
    choices = [d.value for d in DigestTo]
    if word not in choices:
        hint = did_you_mean(word, choices)
        raise ValueError(
            f"'{text}' is not where a digest goes; use one of {', '.join(choices)}{hint}"
        )
    return DigestTo(word)
