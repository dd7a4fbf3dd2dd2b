"""People and teams in a CSV plan, derived from the owner and team columns of its rows."""

from __future__ import annotations

import difflib
import re

from cadence import limits
from cadence.model import Person, Team
from cadence.planfile import geography, values
from cadence.planfile.csv_table import Row
from cadence.planfile.draft import IDENTITIES, PERSON, TEAM, Draft
from cadence.planfile.issues import Place

_OWNER_COLUMNS = {
    "owner_name": "name", "owner_email": "email", "owner_slack_id": "slack_id",
    "owner_teams_id": "teams_id", "owner_timezone": "timezone", "owner_country": "country",
    "owner_admin": "admin",
}  # fmt: skip
_NAME = values.within(limits.NAME)
_CHECKS = {
    "owner_name": _NAME, "owner_email": values.check_email,
    "owner_slack_id": values.within(limits.SLACK_ID),
    "owner_teams_id": values.within(limits.TEAMS_ID),
    "owner_timezone": geography.check_timezone, "owner_country": geography.check_country,
    "owner_admin": lambda text: "yes" if values.parse_flag(text) else "no",
}  # fmt: skip
NO_OWNER = "is required: every measure needs one named person who is asked for it"


def slug(text: str) -> str:
    """A key made from a name or an email's local part: 'Customer support' -> customer-support."""
    return re.sub(r"[^a-z0-9_.]+", "-", text.strip().lower()).strip("-.")


def team_key(row: Row) -> str | None:
    """The key of the row's team, from the team column (a key or a name)."""
    return slug(row.get("team")) or None


def owner_key(row: Row, *, column: str, emails: dict[str, str]) -> str | None:
    """The person a cell names, by key or by email (the owner_email column backs `owner`)."""
    cell = row.get(column)
    email = cell if "@" in cell else row.get("owner_email") if column == "owner" else ""
    if "@" in cell or (not cell and email):
        return emails.get(email.lower()) or slug(email.split("@", 1)[0]) or None
    return cell or None


def read_people_and_teams(rows: list[Row], draft: Draft) -> dict[str, str]:
    """Add every team and owner the rows mention; returns the email -> person key index."""
    teams: dict[str, str] = {}
    for row in rows:
        team = team_key(row)
        if team is not None and team not in teams:
            teams[team] = row.get("team_name") or row.get("team")
            _check_team(draft, row, key=team)
            draft.claim(TEAM, team, place=row.at("team"), key_place=row.at("team"))
    draft.teams.extend(Team(key=k, name=name) for k, name in teams.items())
    emails: dict[str, str] = {}
    people: dict[str, dict[str, str | None]] = {}
    for row in rows:
        key = owner_key(row, column="owner", emails=emails)
        if key is None or not _usable(draft, row, key=key, teams=teams):
            continue
        if key not in people:
            people[key] = {"line": str(row.line)}
            draft.claim(PERSON, key, place=row.at("owner"), key_place=row.at("owner"))
        for column, attribute in _OWNER_COLUMNS.items():
            first = _merge(draft, row, column, known=people[key], attribute=attribute)
            if first and attribute in IDENTITIES:
                draft.identity(attribute, row.get(column), person=key, place=row.at(column))
        if people[key].get("email"):
            emails.setdefault(str(people[key]["email"]).lower(), key)
    _warn_of_typos(draft, people)
    draft.admins.extend(key for key, found in people.items() if found.get("admin") == "yes")
    draft.people.extend(
        Person(
            key=key,
            name=found.get("name") or key,
            timezone=found.get("timezone") or None,
            email=found.get("email"),
            slack_id=found.get("slack_id"),
            teams_id=found.get("teams_id"),
            country=found.get("country"),
        )
        for key, found in people.items()
    )
    return emails


def _warn_of_typos(draft: Draft, people: dict[str, dict[str, str | None]]) -> None:
    """An owner cell with no details of its own, close to a person who has them, is most
    likely a typo: in CSV it silently makes a new person whom the bot can never ask."""
    known = {key.casefold(): key for key, found in people.items() if _identified(found)}
    for key, found in people.items():
        if _identified(found):
            continue
        close = difflib.get_close_matches(key.casefold(), known, n=1, cutoff=0.75)
        if close:
            draft.issues.warn(
                Place(int(str(found["line"])), "owner"),
                f"'{key}' makes a new person with no email, Slack or Teams id "
                f"(did you mean '{known[close[0]]}'?)",
            )


def _identified(found: dict[str, str | None]) -> bool:
    return any(found.get(attribute) for attribute in IDENTITIES)


def _check_team(draft: Draft, row: Row, *, key: str) -> None:
    """The team's key and name, from its first row, fit where they are stored."""
    checks = (("team", key, values.check_key), ("team_name", row.get("team_name"), _NAME))
    for column, text, check in checks:
        try:
            check(text)
        except ValueError as exc:
            draft.issues.error(row.at(column), str(exc))


def _usable(draft: Draft, row: Row, *, key: str, teams: dict[str, str]) -> bool:
    """The owner's key is usable, and is not a team's (here people exist only through rows)."""
    try:
        values.check_key(key)
    except ValueError as exc:
        draft.issues.error(row.at("owner"), str(exc))
        return False
    if key in teams:
        draft.issues.error(row.at("owner"), f"'{key}' is a team, not a person")
        return False
    return True


def _merge(
    draft: Draft, row: Row, column: str, *, known: dict[str, str | None], attribute: str
) -> bool:
    """Add a detail of the person from this row; True when the row gave it first."""
    text = row.get(column)
    if not text:
        return False
    check = _CHECKS.get(column)
    try:
        value = check(text) if check else text
    except ValueError as exc:
        draft.issues.error(row.at(column), str(exc))
        return False
    if known.get(attribute) is None:
        known[attribute] = value
        return True
    if known[attribute] != value:
        draft.issues.error(
            row.at(column),
            f"'{value}' differs from '{known[attribute]}' given for the same person "
            f"on line {known['line']}",
        )
    return False
