"""Who the bot cannot reach, and what an admin does about it: people and team channels a
platform refused (the `unreachable` table), those the plan gives no address on any
enabled platform (the engine escalates about them instead of asking them), and those
Teams would refuse because the app is not installed for them yet."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.runtime.routes import Router
from cadence.engine.state import RecipientKind
from cadence.identities import teams_identity
from cadence.model import Person, Plan, Team
from storage.outbox_repo import Refusal

RETRY = "then delete their row from `unreachable` so the bot tries again (docs/operations.md)"
NOT_INSTALLED = (
    "the app is not installed for them yet, so Teams gives the bot nowhere to write",
    "Install cadence-bot for them (an admin can pre-install it with an app setup policy; "
    "for a team: Apps > Cadence > Add to a team); the bot reaches them from then on.",
)
REMEDY = {
    "slack": "Fix what the problem names; re-importing the changed entry lets the bot try again.",
    "teams": "Install cadence-bot for them in Teams, or ask them to unblock it (for a team: "
    "add the app to the team); the bot tries them again by itself as soon as Teams tells it "
    "about the install or they write to the bot.",
}


@dataclass(frozen=True, slots=True)
class Unreached:
    """One person or team the bot cannot write to, with why and what to do."""

    who: str
    platform: str
    since: datetime | None
    problem: str
    remedy: str


def unreached(
    plan: Plan,
    router: Router,
    refusals: Sequence[Refusal],
    *,
    platforms: Sequence[str],
    not_installed: Collection[str] = (),
    team: str | None = None,
) -> list[Unreached]:
    """Refusals first (oldest first), then everyone with no address, then those Teams
    has not installed the app for; `team` narrows all three to that team's channel,
    managers and measure owners."""
    people = {p.key: p for p in plan.people}
    teams = {t.key: t for t in plan.teams}
    scope = _team_scope(plan, team) if team else None
    found = []
    for refusal in refusals:
        key = refusal.recipient_key
        if scope is not None and key not in scope:
            continue
        kind = RecipientKind.TEAM if key in teams and key not in people else RecipientKind.PERSON
        route = router.route(kind, key)
        problem = refusal.reason + (f" (reached on {route.platform} meanwhile)" if route else "")
        remedy = REMEDY.get(refusal.platform, f"Fix the cause, {RETRY}.")
        found.append(
            Unreached(_name(key, people, teams), refusal.platform, refusal.since, problem, remedy)
        )
    refused = {r.recipient_key for r in refusals}
    shown = ", ".join(platforms)
    for person in plan.people:
        if person.key in refused or (scope is not None and person.key not in scope):
            continue
        if router.route(RecipientKind.PERSON, person.key) is None:
            remedy = "; ".join(_person_remedy(person, p) for p in platforms)
            found.append(
                Unreached(
                    _name(person.key, people, teams), shown, None, f"no address on {shown}", remedy
                )
            )
    for each in plan.teams:
        if each.key in refused or (scope is not None and each.key not in scope):
            continue
        if router.route(RecipientKind.TEAM, each.key) is None:
            remedy = "; ".join(_team_remedy(each, p) for p in platforms)
            found.append(
                Unreached(
                    _name(each.key, people, teams), shown, None, f"no channel on {shown}", remedy
                )
            )
    for key in [*people, *teams]:
        if key in not_installed and (scope is None or key in scope):
            found.append(Unreached(_name(key, people, teams), "teams", None, *NOT_INSTALLED))
    return found


def teams_not_installed(plan: Plan, router: Router, stored: Collection[str]) -> set[str]:
    """People and teams routed to Teams with no stored conversation: Teams lets the bot
    write only where the app was installed, so their first message would be refused."""
    routes = [(RecipientKind.PERSON, p.key) for p in plan.people]
    routes += [(RecipientKind.TEAM, t.key) for t in plan.teams]
    missing = set()
    for kind, key in routes:
        route = router.route(kind, key)
        if route is None or route.platform != "teams":
            continue
        if teams_identity(route.address) not in stored:
            missing.add(key)
    return missing


def _person_remedy(person: Person, platform: str) -> str:
    if platform == "slack":
        if person.email:
            return (
                f"Slack: no user matched {person.email} yet (the bot matches emails at start "
                "and after each import); or add slack_id to the plan"
            )
        return "Slack: add slack_id or email to the plan"
    if platform == "teams":
        return (
            "Teams: add teams_id (Teams user id, AAD object id or email) to the plan and "
            "have them install cadence-bot"
        )
    return f"{platform}: add their address to the plan"


def _team_remedy(team: Team, platform: str) -> str:
    if platform == "slack":
        return "Slack: add slack_channel (the channel id, C…) to the plan"
    if platform == "teams":
        return "Teams: add teams_channel (19:…@thread.tacv2) to the plan and the app to the team"
    return f"{platform}: add the team's channel to the plan"


def _name(key: str, people: dict[str, Person], teams: dict[str, Team]) -> str:
    if key in people:
        return f"{people[key].name} ({key})"
    if key in teams:
        return f"team {teams[key].name} ({key})"
    return f"{key} (no longer in the plan)"


def _team_scope(plan: Plan, team: str) -> set[str]:
    scope = {team}
    scope.update(t_manager for t in plan.teams if t.key == team for t_manager in t.managers)
    scope.update(k.owner for k in plan.kpis if k.team == team)
    for objective in plan.objectives:
        if objective.team == team:
            scope.add(objective.owner)
            scope.update(kr.owner for kr in objective.key_results)
    return scope
