"""Matching plan people to Slack users and getting the bot into team channels."""

import pytest
from slack_sdk.errors import SlackApiError

from bot.slack.workspace import ChannelAccess, SlackUser


async def test_an_owner_is_found_by_id_or_by_email(slack, surface):
    ana = SlackUser("U0ANA", "ana@x.org", "Europe/Lisbon", active=True)
    assert await surface.workspace.find_user(user_id="U0ANA") == ana
    assert await surface.workspace.find_user(email="ANA@x.org") == ana
    assert slack.called("users.lookupByEmail")[0]["email"] == "ANA@x.org"


async def test_someone_slack_does_not_know_is_none_not_an_error(slack, surface):
    assert await surface.workspace.find_user(email="nobody@x.org") is None
    assert await surface.workspace.find_user(user_id="U0NOBODY") is None


async def test_a_deactivated_member_is_found_but_inactive(slack, surface):
    slack.users["U0OLD"] = {"id": "U0OLD", "deleted": True, "profile": {}}
    user = await surface.workspace.find_user(user_id="U0OLD")
    assert user == SlackUser("U0OLD", None, None, active=False)


async def test_other_failures_are_raised_not_reported_as_missing(slack, surface):
    slack.fail("users.lookupByEmail", "missing_scope")
    with pytest.raises(SlackApiError):
        await surface.workspace.find_user(email="ana@x.org")


async def test_find_user_needs_something_to_look_for(surface):
    with pytest.raises(ValueError, match="user id or an email"):
        await surface.workspace.find_user()


@pytest.mark.parametrize(
    ("channel", "expected", "joins"),
    [
        ({"is_private": False, "is_member": False}, ChannelAccess.JOINED, 1),
        ({"is_private": False, "is_member": True}, ChannelAccess.MEMBER, 0),
        ({"is_private": True, "is_member": True}, ChannelAccess.MEMBER, 0),
        ({"is_private": True, "is_member": False}, ChannelAccess.NOT_VISIBLE, 0),
        ({"is_archived": True}, ChannelAccess.ARCHIVED, 0),
        (None, ChannelAccess.NOT_VISIBLE, 0),
    ],
)
async def test_team_channels_are_joined_when_public(slack, surface, channel, expected, joins):
    if channel is not None:
        slack.channels["C0SALES"] = channel
    assert await surface.workspace.join_channel("C0SALES") == expected
    assert len(slack.called("conversations.join")) == joins
