"""/metric: acknowledged at once, answered privately through the response_url."""

import time

from requests_slack import post, slash
from samples import views

from cadence.commands import MetricCommand
from cadence.outcomes import Outcome
from cadence.updates import Source
from cadence.views import MetricAnswer

PNG = b"\x89PNG\r\n\x1a\n" + b"chart" * 100


async def test_metric_acks_empty_and_answers_ephemerally(http, slack, service):
    started = time.perf_counter()
    response = await post(http, slash("help", response_url=slack.url("/respond/1")))
    acked = time.perf_counter() - started
    assert response.status == 200 and await response.text() == ""
    assert acked < 1.0  # Slack gives 3 s; the answer comes after the ack
    await slack.wait_for(lambda: slack.responses)
    (command,) = service.commands
    assert isinstance(command, MetricCommand)
    assert (command.text, command.source) == ("help", Source.SLACK_COMMAND)
    assert command.idempotency_key.startswith("slack:command:")
    assert (command.actor.email, command.actor.timezone) == ("ana@x.org", "Europe/Lisbon")
    (answer,) = slack.responses
    assert answer["response_type"] == "ephemeral"
    assert "/metric" in answer["text"]
    assert slack.violations == []


async def test_a_public_answer_goes_in_channel(http, slack, service):
    service.answer = lambda c: Outcome(views(2)[-2], ephemeral=False)
    await post(http, slash("health", response_url=slack.url("/respond/2")))
    await slack.wait_for(lambda: slack.responses)
    assert slack.responses[0]["response_type"] == "in_channel"


async def test_the_profile_is_looked_up_once_per_user(http, slack, service):
    for n in range(3):
        await post(http, slash("mine", trigger=f"t{n}", response_url=slack.url(f"/respond/{n}")))
    await slack.wait_for(lambda: len(slack.responses) == 3)
    assert len(slack.called("users.info")) == 1
    assert len({c.idempotency_key for c in service.commands}) == 3


async def test_an_unknown_profile_still_acts_by_verified_user_id(http, slack, service):
    await post(http, slash("mine", user="U0NEW", response_url=slack.url("/respond/1")))
    await slack.wait_for(lambda: slack.responses)
    actor = service.commands[0].actor
    assert (actor.platform, actor.user_id, actor.email) == ("slack", "U0NEW", None)


async def test_the_trend_chart_is_an_image_in_the_private_answer(http, slack, service):
    answer = next(v for v in views(3) if isinstance(v, MetricAnswer))
    service.answer = lambda c: Outcome(answer, chart_png=PNG)
    await post(http, slash("deals-0", response_url=slack.url("/respond/1")))
    await slack.wait_for(lambda: slack.responses)
    (complete,) = slack.called("files.completeUploadExternal")
    assert "channel_id" not in complete and "channels" not in complete  # shared nowhere
    assert list(slack.uploads.values()) == [PNG]
    (file_id,) = slack.files
    assert [c["file"] for c in slack.called("files.info")] == [file_id]  # ready at once
    (reply,) = slack.responses
    assert reply["response_type"] == "ephemeral"
    images = [b for b in reply["blocks"] if b["type"] == "image"]
    assert images == [
        {
            "type": "image",
            "slack_file": {"id": file_id},
            "alt_text": f"{answer.measure.title} over time",
        }
    ]
    assert slack.called("chat.postMessage") == [] and slack.violations == []


async def test_the_answer_waits_briefly_for_slack_to_finish_the_chart(http, slack, service, pauses):
    answer = next(v for v in views(3) if isinstance(v, MetricAnswer))
    service.answer = lambda c: Outcome(answer, chart_png=PNG)
    slack.file_ready_after = 2
    await post(http, slash("deals-0", response_url=slack.url("/respond/1")))
    await slack.wait_for(lambda: slack.responses)
    assert pauses == [0.2, 0.4] and len(slack.called("files.info")) == 3
    (reply,) = slack.responses
    assert "slack_file" in str(reply["blocks"]) and slack.violations == []


async def test_a_chart_slack_never_finishes_is_left_out_of_the_answer(http, slack, service, pauses):
    answer = next(v for v in views(3) if isinstance(v, MetricAnswer))
    service.answer = lambda c: Outcome(answer, chart_png=PNG)
    slack.file_ready_after = 100
    await post(http, slash("deals-0", response_url=slack.url("/respond/1")))
    await slack.wait_for(lambda: slack.responses)
    assert sum(pauses) <= 3.0  # the asker is not kept waiting
    tried = [c.args for c in slack.calls if c.method == "response_url"]
    assert len(tried) == 1 and "slack_file" not in str(tried[0]["blocks"])
    assert answer.measure.title in slack.responses[0]["text"]


async def test_a_chart_slack_refuses_falls_back_to_the_text_answer(http, slack, service):
    answer = next(v for v in views(3) if isinstance(v, MetricAnswer))
    service.answer = lambda c: Outcome(answer, chart_png=PNG)
    slack.file_ready_after = 100
    slack.fail("files.info", "missing_scope")  # installed before files:read was asked for
    await post(http, slash("deals-0", response_url=slack.url("/respond/1")))
    await slack.wait_for(lambda: slack.responses)
    tried = [c.args for c in slack.calls if c.method == "response_url"]
    assert len(tried) == 2 and "slack_file" in str(tried[0]["blocks"])
    (reply,) = slack.responses
    assert answer.measure.title in reply["text"] and "slack_file" not in str(reply["blocks"])
    assert slack.violations == []


async def test_every_answer_kind_fits_slacks_limits(http, slack, service):
    answers = views(60, title="Quarterly enterprise revenue " * 8)
    for n, view in enumerate(answers):
        service.answer = lambda c, view=view: Outcome(view)
        await post(http, slash("x", trigger=f"t{n}", response_url=slack.url(f"/respond/{n}")))
    await slack.wait_for(lambda: len(slack.responses) == len(answers))
    assert slack.violations == []


async def test_a_failure_is_logged_and_told_to_the_asker(http, slack, service, caplog):
    def broken(command):
        raise RuntimeError("database is down")

    service.answer = broken
    started = time.perf_counter()
    response = await post(http, slash("mine", response_url=slack.url("/respond/1")))
    assert response.status == 200
    assert time.perf_counter() - started < 1.0  # a failure after the ack must not hold it
    await slack.wait_for(lambda: slack.responses)
    assert "can't confirm what was recorded" in slack.responses[0]["text"]
    assert slack.responses[0]["response_type"] == "ephemeral"
    assert any("U0ANA" in r.getMessage() and r.exc_info for r in caplog.records)


async def test_a_failed_chart_upload_leaves_the_text_answer(http, slack, service):
    answer = next(v for v in views(3) if isinstance(v, MetricAnswer))
    service.answer = lambda c: Outcome(answer, chart_png=PNG)
    slack.fail("files.getUploadURLExternal", "missing_scope")
    await post(http, slash("deals-0", response_url=slack.url("/respond/1")))
    await slack.wait_for(lambda: slack.responses)
    (reply,) = slack.responses
    assert answer.measure.title in reply["text"]
    assert "slack_file" not in str(reply["blocks"]) and "can't confirm" not in reply["text"]
    assert slack.called("files.completeUploadExternal") == []
