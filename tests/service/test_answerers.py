"""Who may answer a prompt: its owner, the owner's delegate and plan admins. Anyone else
gets a specific refusal from every way of answering, and nothing is written."""

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from cadence.commands import (
    Actor,
    ConfirmNoChange,
    MeasureInput,
    OpenForm,
    OpenHome,
    SnoozePrompt,
    SubmitValues,
)
from cadence.updates import Source
from cadence.view_codec import encode_view
from cadence.views import CheckinPrompt, ErrorReply, HomeAnswer, PersonRef, UpdateConfirmation
from storage.database import transaction
from storage.tables import SnoozeRow, UpdateRow
from storage.tables.runtime import OutboxRow

NOW = datetime(2026, 11, 24, 10, tzinfo=UTC)  # as tests/service/conftest.py has it


def actor(person: str) -> Actor:
    return Actor("local", person)


def answers(person: str, key: str):
    who = actor(person)
    return [
        ConfirmNoChange(who, key, Source.LOCAL, f"{person}-nc"),
        SnoozePrompt(who, key, f"{person}-sn"),
        OpenForm(who, key),
        SubmitValues(who, key, (MeasureInput("acv", "$20K"),), Source.LOCAL, f"{person}-sv"),
    ]


def written(db):
    with transaction(db) as session:
        return list(session.exec(select(UpdateRow))), list(session.exec(select(SnoozeRow)))


def sent_view(db, key: str, view) -> None:
    with transaction(db) as session:
        session.add(
            OutboxRow(
                action_key=key, kind="checkin", platform="local", address="priya",
                recipient_key="priya", payload=encode_view(view), state="sent",
                next_attempt_at=NOW, created_at=NOW, sent_at=NOW, platform_message_id="m1",
            )
        )  # fmt: skip


@pytest.mark.parametrize("stranger", ["tom", "dan"])  # dan is Priya's manager, not delegate
async def test_no_way_of_answering_works_for_someone_elses_prompt(db, service, prompt, stranger):
    key = prompt()
    for command in answers(stranger, key):
        outcome = await service.handle(command)
        assert isinstance(outcome.reply, ErrorReply), command
        assert outcome.reply.code == "not_yours"
        assert "Priya Raman's" in outcome.reply.message
        assert outcome.recorded == 0
    assert written(db) == ([], [])


async def test_the_owner_and_an_admin_may_answer(db, service, prompt):
    key = prompt()
    own = await service.handle(
        SubmitValues(actor("priya"), key, (MeasureInput("acv", "$20K"),), Source.LOCAL, "k1")
    )
    assert isinstance(own.reply, UpdateConfirmation) and own.recorded == 1
    other = prompt(key="p-2")
    admin = await service.handle(
        SubmitValues(actor("maya"), other, (MeasureInput("acv", "$21K"),), Source.LOCAL, "k2")
    )
    assert isinstance(admin.reply, UpdateConfirmation) and admin.recorded == 1


async def test_the_owners_delegate_may_answer(db, service, prompt):
    key = prompt(key="p-dan", recipient="dan", measures=("big-logos",))
    typed = (MeasureInput("big-logos", "1"),)
    outcome = await service.handle(SubmitValues(actor("priya"), key, typed, Source.LOCAL, "k1"))
    assert isinstance(outcome.reply, UpdateConfirmation) and outcome.recorded == 1


async def test_open_form_gives_the_view_the_prompt_was_sent_with(db, service, prompt):
    key = prompt()
    sent = CheckinPrompt(key, PersonRef("priya", "Priya Raman"), "2026-W48", ())
    sent_view(db, key, sent)
    outcome = await service.handle(OpenForm(actor("priya"), key))
    assert outcome.reply == sent and outcome.recorded == 0


async def test_open_form_without_a_sent_message_allows_but_has_no_view(db, service, prompt):
    outcome = await service.handle(OpenForm(actor("priya"), prompt()))
    assert outcome.reply is None and outcome.recorded == 0


async def test_home_lists_my_recent_updates_newest_first_and_the_waiting_prompt(
    db, service, prompt
):
    for n, value in enumerate(("$19K", "$20K", "$22K")):
        await service.handle(
            SubmitValues(
                actor("priya"), prompt(key=f"p-{n}"), (MeasureInput("acv", value),),
                Source.LOCAL, f"k{n}",
            )
        )  # fmt: skip
    waiting = prompt(key="p-open")
    home = (await service.handle(OpenHome(actor("priya")))).reply
    assert isinstance(home, HomeAnswer)
    assert [(u.key, u.value, u.period) for u in home.recent] == [
        ("acv", "$22,000", "2026-W48"), ("acv", "$20,000", "2026-W48"),
        ("acv", "$19,000", "2026-W48"),
    ]  # fmt: skip
    newest = home.waiting[0]
    assert (newest.key, newest.kind, newest.period) == (waiting, "checkin", "2026-W48")
    assert "acv" in [m.key for m in home.measures]
    assert not next(m for m in home.measures if m.key == "acv").due
