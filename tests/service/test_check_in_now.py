"""`checkin` on every platform, through the real service: the owner's prompts for this
period go out through the outbox to where they asked from, once."""

from __future__ import annotations

from sqlmodel import col, select

from bot.slack import inbound as slack_inbound
from bot.teams import inbound as teams_inbound
from cadence.commands import Actor, MetricCommand
from cadence.updates import Source
from cadence.view_codec import decode_view
from cadence.views import CheckinPrompt, ErrorReply, HelpAnswer, Notice
from messages.environment import build_environment
from messages.plain import render_text
from storage.database import transaction
from storage.tables import OutboxRow


def _queued(db) -> list[tuple[str, str, str, object]]:
    with transaction(db) as session:
        rows = session.exec(select(OutboxRow).order_by(col(OutboxRow.id)))
        return [(r.platform, r.address, r.kind, decode_view(r.payload)) for r in rows]


def _slash(text: str, *, trigger: str) -> dict[str, str]:
    return {"user_id": "U0SALES01", "text": text, "trigger_id": trigger, "command": "/metric"}


async def test_slack_checkin_queues_the_weeks_prompts_to_the_owners_dm(db, service):
    command = slack_inbound.slash_command(
        _slash("checkin", trigger="t1"), Actor("slack", "U0SALES01")
    )
    outcome = await service.handle(command)
    assert isinstance(outcome.reply, Notice)
    assert outcome.reply.message == (
        "Here comes your check-in for the week of 23 Nov and your KPI review for November 2026."
    )
    queued = _queued(db)
    assert [(p, a, k) for p, a, k, _ in queued] == [
        ("slack", "U0SALES01", "checkin"),
        ("slack", "U0SALES01", "kpi_review"),
    ]
    checkin = queued[0][3]
    assert isinstance(checkin, CheckinPrompt)
    assert (checkin.period, [m.key for m in checkin.measures]) == ("2026-W48", ["big-logos"])

    again = slack_inbound.slash_command(
        _slash("checkin", trigger="t2"), Actor("slack", "U0SALES01")
    )
    assert "Here comes" in (await service.handle(again)).reply.message, "still queued: sent now"
    assert len(_queued(db)) == 2


async def test_teams_checkin_typed_as_a_message_goes_to_the_teams_chat(db, service):
    sofia = Actor("teams", "29:1a2b3c-sofia")
    command = teams_inbound.text_command("check-in", actor=sofia, key="k1", in_channel=False)
    outcome = await service.handle(command)
    assert (
        isinstance(outcome.reply, Notice)
        and "check-in for the week of 23 Nov" in outcome.reply.message
    )
    assert {(p, a) for p, a, _, _ in _queued(db)} == {("teams", "29:1a2b3c-sofia")}


async def test_with_everything_answered_it_says_when_the_next_check_in_comes(db, service):
    ravi = Actor("local", "ravi")
    for n, text in enumerate(("update time-to-fill 44", "update coaching 20%")):
        await service.handle(MetricCommand(ravi, text, Source.LOCAL, f"u{n}"))
    outcome = await service.handle(MetricCommand(ravi, "checkin", Source.LOCAL, "c"))
    assert outcome.reply == Notice(
        "Nothing is due now: you have answered everything for this period.",
        "Your next check-in: Monday 30 November, 09:00 your time (Asia/Kolkata).",
    )
    assert _queued(db) == []


async def test_someone_who_owns_nothing_is_told_so(db, service):
    outcome = await service.handle(
        MetricCommand(Actor("local", "maya"), "checkin", Source.LOCAL, "c")
    )
    assert isinstance(outcome.reply, ErrorReply) and outcome.reply.code == "nothing_owned"
    assert _queued(db) == []


async def test_help_lists_checkin(service):
    outcome = await service.handle(MetricCommand(Actor("local", "dan"), "help", Source.LOCAL, "h"))
    assert isinstance(outcome.reply, HelpAnswer)
    assert "checkin" in render_text(outcome.reply, build_environment())
