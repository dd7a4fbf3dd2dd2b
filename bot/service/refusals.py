"""Rejections: each names what went wrong and how to put it right, and changes nothing."""

from __future__ import annotations

from cadence.model import Measure, Person
from cadence.views import ErrorReply


class Refused(Exception):
    """Raised inside a command's transaction, so whatever it had written is rolled back."""

    def __init__(self, reply: ErrorReply) -> None:
        super().__init__(reply.message)
        self.reply = reply


def refuse(code: str, message: str, fix: str) -> Refused:
    return Refused(ErrorReply(code, message, fix))


def no_plan() -> Refused:
    return refuse(
        "no_plan", "No plan is loaded yet.", "An admin loads one: cadence-bot plan import FILE"
    )


def unknown_person(platform: str) -> Refused:
    return refuse(
        "unknown_person",
        f"I can't find you in the plan: your {platform} account is not linked to a person.",
        f"Ask a plan admin to add your {platform} id or email to the plan's people.",
    )


def not_allowed(measure: Measure, owner: Person | None) -> Refused:
    name = owner.name if owner else measure.owner
    return refuse(
        "not_allowed",
        f"Only {name}, their delegate or a plan admin can update “{measure.title}”.",
        f"Ask {name} to answer, or a plan admin to make you the delegate.",
    )


def not_found(query: str, command: str) -> Refused:
    return refuse(
        "not_found",
        f"No measure matches “{query}”.",
        f"Try `{f'{command} mine'.strip()}` for yours, or a word from the measure's title.",
    )


def private(measure: Measure) -> Refused:
    return refuse(
        "private",
        f"“{measure.title}” is private to its team.",
        "Its owner, its team's people and plan admins can see it.",
    )


def not_yours(owner: str, noun: str, period: str) -> Refused:
    """Someone else's prompt: named, so the presser knows whose it is and whom to ask."""
    return refuse(
        "not_yours",
        f"This {noun} for {period} is {owner}'s: only {owner}, their delegate or a plan "
        "admin can answer it, so nothing was recorded.",
        f"Ask {owner} to answer, or a plan admin to make you the delegate.",
    )
