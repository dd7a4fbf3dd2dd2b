"""The `people:`, `teams:` and `admins:` sections of a YAML plan."""

from __future__ import annotations

import functools
from datetime import time

from yaml.nodes import Node

from cadence import limits
from cadence.model import Absence, Person, Team
from cadence.planfile import geography, values
from cadence.planfile.draft import IDENTITIES, PERSON, TEAM, Draft
from cadence.planfile.issues import Place
from cadence.planfile.yaml_cadence import read_cadences, read_digest_to
from cadence.planfile.yaml_ladder import read_ladder
from cadence.planfile.yaml_nodes import Fields, line_of
from cadence.planfile.yaml_reader import Reader
from cadence.schedule import DigestTo

PERSON_FIELDS = (
    "name", "email", "slack_id", "teams_id", "timezone", "country", "subdivision",
    "working_days", "working_hours", "manager", "delegate", "away",
)  # fmt: skip
TEAM_FIELDS = (
    "name", "managers", "slack_channel", "teams_channel", "cadences", "escalation", "digest"
)  # fmt: skip


def read_people(reader: Reader, draft: Draft, node: Node | None, place: Place) -> None:
    """Every person, keyed by the mapping's keys."""
    if node is None:
        reader.issues.error(place, "is required: a plan needs the people who own its measures")
        return
    section = reader.mapping(node, place, allowed=None)
    if section is None:
        return
    for name, value in section.nodes.items():
        here = section.at(name)
        key = reader.check(name, here, values.check_key)
        fields = reader.mapping(value, here, allowed=PERSON_FIELDS)
        if key is not None and fields is not None:
            draft.claim(PERSON, key, place=here, key_place=here)
            person = _person(reader, draft, fields, key=key)
            for kind in IDENTITIES:
                draft.identity(kind, getattr(person, kind), person=key, place=fields.at(kind))
            draft.people.append(person)


def _person(reader: Reader, draft: Draft, fields: Fields, *, key: str) -> Person:
    country = reader.field(fields, "country", parse=geography.check_country)
    subdivision = None
    if country is not None:
        in_country = functools.partial(geography.check_subdivision, country=country)
        subdivision = reader.field(fields, "subdivision", parse=in_country)
    elif fields.get("subdivision") is not None:
        reader.issues.error(fields.at("subdivision"), "needs a country alongside it")
    hours = reader.field(fields, "working_hours", parse=values.parse_working_hours)
    start, end = hours or (time(9), time(17, 30))
    days = [
        reader.parsed(n, p, values.parse_weekday)
        for n, p in reader.items(fields.get("working_days"), fields.at("working_days"))
    ]
    return Person(
        key=key,
        name=_name(reader, fields, key=key),
        timezone=reader.field(fields, "timezone", parse=geography.check_timezone) or None,
        email=reader.field(fields, "email", parse=values.check_email),
        slack_id=reader.field(fields, "slack_id", parse=values.within(limits.SLACK_ID)),
        teams_id=reader.field(fields, "teams_id", parse=values.within(limits.TEAMS_ID)),
        country=country,
        subdivision=subdivision,
        working_days=frozenset(d for d in days if d is not None) or frozenset(range(5)),
        work_start=start,
        work_end=end,
        manager=_other_person(reader, draft, fields, role="manager", own_key=key),
        delegate=_other_person(reader, draft, fields, role="delegate", own_key=key),
        away=_absences(reader, fields.get("away"), fields.at("away")),
    )


def read_teams(reader: Reader, draft: Draft, node: Node | None, place: Place) -> None:
    """Every team, keyed by the mapping's keys."""
    section = None if node is None else reader.mapping(node, place, allowed=None)
    if section is None:
        return
    for name, value in section.nodes.items():
        here = section.at(name)
        key = reader.check(name, here, values.check_key)
        fields = reader.mapping(value, here, allowed=TEAM_FIELDS)
        if key is None or fields is None:
            continue
        draft.claim(TEAM, key, place=here, key_place=here)
        managers = [
            draft.person(reader.key(n, p), p)
            for n, p in reader.items(fields.get("managers"), fields.at("managers"))
        ]
        slack_channel = reader.text(fields.get("slack_channel"), fields.at("slack_channel"))
        teams_channel = reader.text(fields.get("teams_channel"), fields.at("teams_channel"))
        digest_to = read_digest_to(reader, fields.get("digest"), fields.at("digest"))
        if digest_to is DigestTo.CHANNEL and not (slack_channel or teams_channel):
            reader.issues.error(
                fields.at("digest"),
                f"team '{key}' has no slack_channel or teams_channel for its digest to go to",
            )
        draft.teams.append(
            Team(
                key=key,
                name=_name(reader, fields, key=key),
                managers=tuple(managers),
                slack_channel=slack_channel,
                teams_channel=teams_channel,
                cadences=read_cadences(reader, fields.get("cadences"), fields.at("cadences")),
                ladder=read_ladder(reader, fields.get("escalation"), fields.at("escalation")),
                digest_to=digest_to,
            )
        )


def read_admins(reader: Reader, draft: Draft, node: Node | None, place: Place) -> None:
    """Plan admins: people who may update any measure."""
    for item, here in reader.items(node, place):
        draft.admins.append(draft.person(reader.key(item, here), here))


def _name(reader: Reader, fields: Fields, *, key: str) -> str:
    return (
        reader.text(fields.get("name"), fields.at("name"), required=True, limit=limits.NAME) or key
    )


def _other_person(
    reader: Reader, draft: Draft, fields: Fields, *, role: str, own_key: str
) -> str | None:
    key = reader.field(fields, role, parse=values.check_key)
    if key == own_key:
        reader.issues.error(fields.at(role), f"'{key}' cannot be their own {role}")
        return None
    return None if key is None else draft.person(key, fields.at(role))


def _absences(reader: Reader, node: Node | None, place: Place) -> tuple[Absence, ...]:
    spans = []
    for item, here in reader.items(node, place):
        fields = reader.mapping(item, Place(line_of(item), here.path), allowed=("from", "to"))
        if fields is None:
            continue
        start = reader.day(fields.get("from"), fields.at("from"))
        end = reader.day(fields.get("to"), fields.at("to"))
        if start and end and end < start:
            reader.issues.error(fields.at("to"), f"{end} is before {start}")
        elif start and end:
            spans.append(Absence(start, end))
    return tuple(spans)
