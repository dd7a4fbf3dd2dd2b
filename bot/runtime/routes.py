"""Which platform and address reach a person or a team.

A recipient is reached on the first enabled platform (in the order the ports were given)
where the plan gives them an address and that platform has not refused them. Local mode
addresses everyone as `person:<key>` / `team:<key>`. A Slack person the plan names only by
email is reached through the user id the Slack directory sync matched them to. Whoever has
no route at all is unreachable: the engine escalates about them instead of asking them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from cadence.engine.state import RecipientKind
from cadence.model import Person, Plan, Team


@dataclass(frozen=True, slots=True)
class Route:
    platform: str
    address: str


def person_address(
    person: Person, platform: str, slack_ids: Mapping[str, str] | None = None
) -> str | None:
    """The person's address on a platform, None when there is none: on Slack the user id
    the directory sync matched (by the plan's slack_id or email), else the plan's slack_id."""
    if platform == "slack":
        return (slack_ids or {}).get(person.key) or person.slack_id
    if platform == "teams":
        return person.teams_id
    return f"person:{person.key}" if platform == "local" else None


def team_address(team: Team, platform: str) -> str | None:
    """The team channel's address on a platform, None when the plan gives none."""
    if platform == "slack":
        return team.slack_channel
    if platform == "teams":
        return team.teams_channel
    return f"team:{team.key}" if platform == "local" else None


class Router:
    """Routes for one plan, the enabled platforms and the refusals recorded so far."""

    def __init__(
        self,
        plan: Plan,
        platforms: Sequence[str],
        refused: Collection[tuple[str, str]],
        *,
        slack_ids: Mapping[str, str] | None = None,
    ) -> None:
        self._people = {p.key: p for p in plan.people}
        self._slack_ids = dict(slack_ids or {})
        self._teams = {t.key: t for t in plan.teams}
        self._platforms = tuple(platforms)
        self._refused = set(refused)

    def route(self, kind: RecipientKind, key: str) -> Route | None:
        """Where to send to this person or team, None when nothing reaches them."""
        for platform in self._platforms:
            if (platform, key) in self._refused:
                continue
            address = self._address(kind, key, platform)
            if address:
                return Route(platform, address)
        return None

    def unreachable(self) -> frozenset[str]:
        """Every person and team of the plan that no enabled platform reaches."""
        people = (k for k in self._people if self.route(RecipientKind.PERSON, k) is None)
        teams = (k for k in self._teams if self.route(RecipientKind.TEAM, k) is None)
        return frozenset((*people, *teams))

    def _address(self, kind: RecipientKind, key: str, platform: str) -> str | None:
        if kind is RecipientKind.PERSON:
            person = self._people.get(key)
            return person_address(person, platform, self._slack_ids) if person else None
        team = self._teams.get(key)
        return team_address(team, platform) if team else None
