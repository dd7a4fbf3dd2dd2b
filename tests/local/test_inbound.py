"""Local page requests become the same commands a Teams card or message produces."""

from __future__ import annotations

import pytest

from bot.local import inbound
from cadence.commands import (
    Actor,
    ConfirmNoChange,
    MeasureInput,
    MetricCommand,
    SnoozePrompt,
    SubmitValues,
    TextMessage,
)
from cadence.updates import Confidence, Source


def test_metric_words_become_the_slash_command() -> None:
    body = {"client_id": "c1", "text": "/metric update kr-1 42 ok"}
    assert inbound.text_command("ana", body) == MetricCommand(
        Actor("local", "ana"), "update kr-1 42 ok", Source.LOCAL, "local:ana:c1"
    )


def test_other_text_is_a_message_to_the_bot() -> None:
    command = inbound.text_command("ana", {"client_id": "c2", "text": "  40, blocked on hiring "})
    assert command == TextMessage(
        Actor("local", "ana"), "40, blocked on hiring", Source.LOCAL, "local:ana:c2"
    )


def test_save_carries_every_filled_measure_with_the_forms_notes() -> None:
    body = {
        "client_id": "c3",
        "action": "checkin.update",
        "prompt": "p9",
        "value.kr-1": "42",
        "confidence.kr-1": "at_risk",
        "value.kpi-2": "",
        "confidence.kpi-2": "on_track",
        "comment": " fine ",
        "blockers": "hiring",
    }
    command = inbound.action_command("ana", body)
    assert command == SubmitValues(
        Actor("local", "ana"),
        "p9",
        (MeasureInput("kr-1", "42", Confidence.AT_RISK, "fine", "hiring"),),
        Source.LOCAL,
        "local:ana:c3",
    )


def test_quarter_close_sends_every_grade() -> None:
    body = {
        "client_id": "q",
        "action": "quarter.save",
        "prompt": "qc",
        "grade.o1": "0.7",
        "grade.o2": "",
        "comment": "learned",
    }
    command = inbound.action_command("ana", body)
    assert isinstance(command, SubmitValues)
    assert [(i.measure_key, i.text, i.comment) for i in command.inputs] == [
        ("grade.o1", "0.7", "learned"),
        ("grade.o2", "", "learned"),
    ]


def test_buttons_name_their_prompt() -> None:
    no_change = {"client_id": "c", "action": "checkin.no_change", "prompt": "p1"}
    assert inbound.action_command("ana", no_change) == ConfirmNoChange(
        Actor("local", "ana"), "p1", Source.LOCAL, "local:ana:c"
    )
    snooze = {"client_id": "c", "action": "quarter.snooze", "prompt": "p2", "message": 12}
    assert inbound.action_command("ana", snooze) == SnoozePrompt(
        Actor("local", "ana"), "p2", "local:ana:c", message_ref="12"
    )


@pytest.mark.parametrize(
    ("translate", "body", "field"),
    [
        (inbound.text_command, {"text": "hi"}, "client_id"),
        (inbound.text_command, {"client_id": "c" * 101, "text": "hi"}, "client_id"),
        (inbound.text_command, {"client_id": "c", "text": "   "}, "text"),
        (inbound.text_command, {"client_id": "c", "text": 42}, "text"),
        (inbound.text_command, {"client_id": "c", "text": "x" * 4001}, "text"),
        (inbound.action_command, {"client_id": "c", "action": "boom", "prompt": "p"}, "action"),
        (inbound.action_command, {"client_id": "c", "action": "checkin.no_change"}, "prompt"),
        (
            inbound.action_command,
            {"client_id": "c", "action": "checkin.update", "prompt": "p"},
            "value",
        ),
        (
            inbound.action_command,
            {"client_id": "c", "action": "checkin.update", "prompt": "p", "value.k": 4},
            "value.k",
        ),
        (
            inbound.action_command,
            {
                "client_id": "c",
                "action": "checkin.update",
                "prompt": "p",
                "value.k": "4",
                "confidence.k": "meh",
            },
            "confidence.k",
        ),
        (
            inbound.action_command,
            {"client_id": "c", "action": "quarter.save", "prompt": "p"},
            "grade",
        ),
        (
            inbound.action_command,
            {"client_id": "c", "action": "checkin.snooze", "prompt": "p", "message": "4; drop"},
            "message",
        ),
    ],
)
def test_bad_requests_name_the_field(translate, body, field) -> None:
    with pytest.raises(inbound.LocalInputError) as caught:
        translate("ana", body)
    assert str(caught.value).startswith(field + ":")
