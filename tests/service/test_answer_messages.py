"""Which message an answer edits, through the real service: the adapters only say which
message the button was on (Slack's container ts, Teams' replyToId), and the service edits
that one, takes the buttons off the prompt's other messages through the outbox, and
refuses buttons on a prompt whose period is over."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from botbuilder.schema import Activity
from sqlmodel import col, select

from bot.slack import inbound as slack_inbound
from bot.teams import inbound as teams_inbound
from cadence.commands import Actor, MeasureInput, MetricCommand, SubmitValues
from cadence.updates import Source
from cadence.view_codec import decode_view
from cadence.views import ErrorReply, UpdateConfirmation
from storage.database import transaction
from storage.tables import ActionRow, OutboxRow, UpdateRow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PROMPT_TS, NUDGE_TS = "1732449600.000100", "1732536000.000200"


def _sent(
    db,
    *,
    key: str,
    kind: str,
    person: str,
    measures: tuple[str, ...],
    period: str,
    platform: str,
    address: str,
    message_id: str,
    channel: str,
    at: datetime,
) -> None:
    """An action the engine planned and the sender delivered, as the tables then hold it."""
    with transaction(db) as session:
        session.add(
            ActionRow(
                key=key,
                kind=kind,
                recipient_kind="person",
                recipient_key=person,
                subject=person,
                period=period,
                measure_keys=list(measures),
                state="sent",
                due_at=at,
                created_at=at,
                sent_at=at,
            )
        )
        session.add(
            OutboxRow(
                action_key=key,
                kind=kind,
                platform=platform,
                address=address,
                recipient_key=person,
                payload={},
                state="sent",
                next_attempt_at=at,
                created_at=at,
                sent_at=at,
                platform_message_id=message_id,
                channel=channel,
            )
        )


def _prompt_and_nudge(
    db,
    *,
    person: str,
    measure: str,
    platform: str,
    address: str,
    ids: tuple[str, str],
    period: str = "2026-W48",
) -> str:
    """A Monday check-in about one measure and Tuesday's nudge after it."""
    monday = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
    for kind, message_id, at in (
        ("checkin", ids[0], monday),
        ("nudge", ids[1], monday + timedelta(days=1)),
    ):
        _sent(
            db,
            key=f"{kind}:{person}:{period}",
            kind=kind,
            person=person,
            measures=(measure,),
            period=period,
            platform=platform,
            address=address,
            message_id=message_id,
            channel="D0" + person.upper(),
            at=at,
        )
    return f"checkin:{person}:{period}"


def _slack_click(action_id: str, *, prompt: str, ts: str, user: str) -> dict[str, Any]:
    """A block_actions payload for a button on the message at `ts` in the bot's DM."""
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "priya", "team_id": "T1"},
        "api_app_id": "A1",
        "container": {
            "type": "message",
            "message_ts": ts,
            "channel_id": "D0PRIYA",
            "is_ephemeral": False,
        },
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        "team": {"id": "T1", "domain": "acme"},
        "channel": {"id": "D0PRIYA", "name": "directmessage"},
        "actions": [
            {
                "action_id": action_id,
                "block_id": "actions",
                "value": prompt,
                "type": "button",
                "action_ts": "1732540000.000300",
            }
        ],
    }


def _teams_submit(*, prompt: str, reply_to: str, values: dict[str, str]) -> Activity:
    """The captured card submit, from Sofia's personal chat, answering the card `reply_to`."""
    raw = json.loads((FIXTURES / "teams" / "card_submit.json").read_text())
    raw["from"] = {"id": "29:1a2b3c-sofia", "name": "Sofia Marsh"}
    raw["replyToId"] = reply_to
    raw["value"] = {"action": "checkin.update", "prompt": prompt, "comment": "", **values}
    return Activity().deserialize(raw)


def _edits(db) -> list[OutboxRow]:
    with transaction(db) as session:
        query = select(OutboxRow).where(col(OutboxRow.replaces_ref).is_not(None))
        return list(session.exec(query.order_by(col(OutboxRow.id))))


def _updates(db) -> list[UpdateRow]:
    with transaction(db) as session:
        return list(session.exec(select(UpdateRow).order_by(col(UpdateRow.id))))


async def test_slack_no_change_on_the_nudge_edits_the_nudge_and_queues_the_prompt(db, service):
    prompt = _prompt_and_nudge(
        db,
        person="priya",
        measure="acv",
        platform="slack",
        address="U0SALES02",
        ids=(PROMPT_TS, NUDGE_TS),
    )
    priya = Actor("slack", "U0SALES02")
    await service.handle(
        MetricCommand(Actor("local", "priya"), "update acv 21k", Source.LOCAL, "v")
    )
    click = _slack_click("checkin.no_change", prompt=prompt, ts=NUDGE_TS, user="U0SALES02")
    outcome = await service.handle(slack_inbound.prompt_button(click, priya))
    assert isinstance(outcome.reply, UpdateConfirmation) and outcome.recorded == 1
    assert outcome.prompt_edit is not None
    assert (outcome.prompt_edit.platform_message_id, outcome.prompt_edit.channel) == (
        NUDGE_TS,
        "D0PRIYA",
    )
    # Slack paces chat.update, so the nudge's edit waits in the outbox beside the prompt's.
    assert outcome.prompt_edit.queued
    answered, edited = _edits(db)
    assert [(e.platform, e.address, e.replaces_ref, e.state, e.kind) for e in _edits(db)] == [
        ("slack", "U0SALES02", PROMPT_TS, "pending", "answered"),
        ("slack", "U0SALES02", NUDGE_TS, "pending", "edited"),
    ]
    assert isinstance(decode_view(answered.payload), UpdateConfirmation)
    assert decode_view(edited.payload) == outcome.reply
    with transaction(db) as session:
        assert session.exec(select(ActionRow.state).where(ActionRow.key == prompt)).one() == (
            "answered"
        )


async def test_a_slack_click_that_names_no_known_message_edits_nothing_in_place(db, service):
    prompt = _prompt_and_nudge(
        db,
        person="priya",
        measure="acv",
        platform="slack",
        address="U0SALES02",
        ids=(PROMPT_TS, NUDGE_TS),
    )
    await service.handle(
        MetricCommand(Actor("local", "priya"), "update acv 21k", Source.LOCAL, "v")
    )
    click = _slack_click("checkin.no_change", prompt=prompt, ts="1.2", user="U0SALES02")
    outcome = await service.handle(slack_inbound.prompt_button(click, Actor("slack", "U0SALES02")))
    assert outcome.recorded == 1 and outcome.prompt_edit is None
    assert sorted(e.replaces_ref for e in _edits(db)) == sorted([PROMPT_TS, NUDGE_TS])


async def test_a_slack_modal_edits_the_message_it_was_opened_from(db, service):
    prompt = _prompt_and_nudge(
        db,
        person="priya",
        measure="acv",
        platform="slack",
        address="U0SALES02",
        ids=(PROMPT_TS, NUDGE_TS),
    )
    view = {
        "id": "V1",
        "callback_id": "checkin",
        "private_metadata": json.dumps(
            {"prompt": prompt, "measures": ["acv"], "channel": "D0PRIYA", "ts": NUDGE_TS}
        ),
        "state": {"values": {"value.0": {"value": {"type": "plain_text_input", "value": "24k"}}}},
    }
    outcome = await service.handle(
        slack_inbound.modal_submission(view, Actor("slack", "U0SALES02"))
    )
    assert outcome.recorded == 1
    assert outcome.prompt_edit is not None and outcome.prompt_edit.platform_message_id == NUDGE_TS
    assert [e.replaces_ref for e in _edits(db)] == [PROMPT_TS, NUDGE_TS]


async def test_a_teams_card_answer_edits_the_card_it_came_from(db, service):
    prompt = _prompt_and_nudge(
        db,
        person="sofia",
        measure="engagement",
        platform="teams",
        address="29:1a2b3c-sofia",
        ids=("act-prompt", "act-nudge"),
    )
    activity = _teams_submit(prompt=prompt, reply_to="act-nudge", values={"value.engagement": "74"})
    outcome = await service.handle(teams_inbound.command_for(activity, email=None))
    assert outcome.recorded == 1
    assert outcome.prompt_edit is not None
    assert outcome.prompt_edit.platform_message_id == "act-nudge"
    (edit,) = _edits(db)
    assert (edit.platform, edit.replaces_ref) == ("teams", "act-prompt")


async def test_a_button_on_a_closed_period_records_nothing_and_says_what_is_open(
    db, service, clock
):
    stale = _prompt_and_nudge(
        db,
        person="priya",
        measure="acv",
        platform="slack",
        address="U0SALES02",
        ids=(PROMPT_TS, NUDGE_TS),
    )
    await service.handle(
        MetricCommand(Actor("local", "priya"), "update acv 21k", Source.LOCAL, "v")
    )
    clock.set(datetime(2026, 12, 1, 6, tzinfo=UTC))  # Tuesday of W49 in Kolkata
    _sent(
        db,
        key="checkin:priya:2026-W49",
        kind="checkin",
        person="priya",
        measures=("acv",),
        period="2026-W49",
        platform="slack",
        address="U0SALES02",
        message_id="1732860000.1",
        channel="D0PRIYA",
        at=datetime(2026, 11, 30, 4, 30, tzinfo=UTC),
    )
    before = _updates(db)
    for action in ("checkin.no_change", "checkin.snooze"):
        click = _slack_click(action, prompt=stale, ts=NUDGE_TS, user="U0SALES02")
        outcome = await service.handle(
            slack_inbound.prompt_button(click, Actor("slack", "U0SALES02"))
        )
        assert isinstance(outcome.reply, ErrorReply) and outcome.reply.code == "prompt_closed"
        assert "the week of 23 Nov has closed" in outcome.reply.message
        assert "check-in for the week of 30 Nov" in outcome.reply.fix
        assert outcome.prompt_edit is None
    assert _updates(db) == before and _edits(db) == []


async def test_values_typed_into_a_closed_prompt_count_for_the_open_period(db, service, clock):
    stale = _prompt_and_nudge(
        db, person="priya", measure="acv", platform="local", address="person:priya", ids=("4", "12")
    )
    clock.set(datetime(2026, 12, 1, 6, tzinfo=UTC))
    form = SubmitValues(
        Actor("local", "priya"),
        stale,
        (MeasureInput("acv", "26k"),),
        Source.LOCAL,
        "late",
        message_ref="12",
    )
    outcome = await service.handle(form)
    assert isinstance(outcome.reply, UpdateConfirmation)
    assert outcome.reply.counts_for == ("2026-W49",)
    assert [(u.value, u.period) for u in _updates(db)] == [(26_000, "2026-W49")]
    assert outcome.prompt_edit is not None and outcome.prompt_edit.platform_message_id == "12"
    with transaction(db) as session:
        state = session.exec(select(ActionRow.state).where(ActionRow.key == stale)).one()
    assert state == "sent", "a closed period's prompt is left for the tick to mark missed"
