"""The Slack adapter: Bolt listeners in, SlackPort out; see docs/slack.md."""
