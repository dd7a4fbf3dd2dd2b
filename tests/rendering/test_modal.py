import json

import pytest
from samples import views
from validate import slack_modal

from cadence.commands import MeasureInput
from cadence.updates import Confidence
from messages import limits
from messages.slack_modal import CALLBACK_ID, ModalError, checkin_modal, read_modal


@pytest.mark.parametrize("index", [0, 1, 2], ids=["checkin", "kpi_review", "nudge"])
@pytest.mark.parametrize("n", [1, 3, 60])
def test_modal_is_valid_and_within_limits(env, index, n):
    modal = checkin_modal(views(n)[index], env)
    slack_modal(modal)
    assert modal["callback_id"] == CALLBACK_ID
    assert len(modal["title"]["text"]) <= limits.SLACK_MODAL_TITLE
    assert json.loads(modal["private_metadata"])["prompt"] in ("p-1", "p-2")


def test_sixty_measures_show_some_and_point_to_the_thread(env):
    modal = checkin_modal(views(60)[0], env)
    shown = json.loads(modal["private_metadata"])["measures"]
    assert 0 < len(shown) < 60
    assert f"…and {60 - len(shown)} more key results: reply to this message" in str(modal)
    inputs = [b for b in modal["blocks"] if b["type"] == "input"]
    assert [b["block_id"] for b in inputs[:2]] == ["value.0", "confidence.0"]


def test_submission_reads_back_into_measure_inputs(env):
    modal = checkin_modal(views(3)[0], env)
    values = {
        "value.0": {"value": {"type": "plain_text_input", "value": " 4 "}},
        "confidence.0": {"confidence": {"selected_option": {"value": "at_risk"}}},
        "value.1": {"value": {"type": "plain_text_input", "value": None}},
        "value.2": {"value": {"type": "plain_text_input", "value": "$1.2M"}},
        "comment": {"comment": {"value": "legal is slow"}},
        "blockers": {"blockers": {"value": ""}},
    }
    submitted = {"private_metadata": modal["private_metadata"], "state": {"values": values}}
    assert read_modal(submitted) == (
        "p-1",
        (
            MeasureInput("deals-0", "4", Confidence.AT_RISK, "legal is slow", None),
            MeasureInput("deals-2", "$1.2M", None, "legal is slow", None),
        ),
    )


def test_a_foreign_submission_is_refused():
    with pytest.raises(ModalError, match=r"not a checkin\.modal submission"):
        read_modal({"private_metadata": "", "state": {"values": {}}})
