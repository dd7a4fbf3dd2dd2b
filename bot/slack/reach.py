"""Why Slack cannot reach a person or a team channel, said as what an admin should do.

These land in the `unreachable` table, which `cadence-bot health` lists.
"""

from __future__ import annotations

from cadence.model import Person, Team


def no_user_with_email(email: str) -> str:
    return f"no Slack user with email {email}; add slack_id to the plan"


def no_user_with_id(person: Person) -> str:
    also = f" or by email {person.email}" if person.email else ""
    return f"no Slack user {person.slack_id}{also}; fix slack_id for {person.key} in the plan"


def deactivated(person: Person, user_id: str) -> str:
    return (
        f"Slack account {user_id} of {person.name} is deactivated; "
        "give their measures a new owner in the plan"
    )


def lookup_refused(code: str) -> str:
    return (
        f"Slack refused the user lookup ({code}); reinstall the app with the scopes "
        "users:read and users:read.email (docs/slack.md)"
    )


def channel_not_visible(team: Team) -> str:
    return (
        f"the bot cannot see channel {team.slack_channel} of team {team.key}: if it is private, "
        "invite the bot there (/invite @cadence); otherwise fix slack_channel in the plan"
    )


def channel_archived(team: Team) -> str:
    return (
        f"channel {team.slack_channel} of team {team.key} is archived; unarchive it or set "
        "a new slack_channel in the plan"
    )


def channel_refused(team: Team, code: str) -> str:
    return (
        f"Slack refused to let the bot into channel {team.slack_channel} of team {team.key} "
        f"({code}); check the app's channels:read, groups:read and channels:join scopes"
    )
