"""The few replies the Slack adapter gives on its own, as views so messages/ renders them.

Everything else a person reads comes from the command service; these cover what only the
adapter can know: the message under a button no longer carries its prompt, or Slack failed.
"""

from __future__ import annotations

from cadence.views import ErrorReply

PROMPT_GONE = ErrorReply(
    code="slack.prompt_gone",
    message="I can't open the form for this check-in any more.",
    fix="Reply to the check-in message with your values, or use /metric mine.",
)
FAILED = ErrorReply(
    code="slack.failed",
    message="Something went wrong on my side, so I can't confirm what was recorded.",
    fix="Check with /metric mine, and try again if your answer is missing.",
)
