from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import select

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
from cadence.views import ErrorReply, Snoozed, UpdateConfirmation
from storage.database import transaction
from storage.tables import ActionRow, SnoozeRow, UpdateRow


def local(person: str) -> Actor:
    return Actor("local", person)


def stored(db) -> list[UpdateRow]:
    with transaction(db) as session:
        return list(session.exec(select(UpdateRow).order_by(UpdateRow.id)))


def metric(person: str, text: str, key: str = "k1") -> MetricCommand:
    return MetricCommand(local(person), text, Source.LOCAL, key)


async def test_an_owner_records_with_metric_update(db, service):
    outcome = await service.handle(metric("dan", "update mrr 1.25M renewals closed"))
    assert isinstance(outcome.reply, UpdateConfirmation) and outcome.recorded == 1
    (change,) = outcome.reply.changes
    assert (change.key, change.old, change.new) == ("mrr", None, "$1.25M")
    (row,) = stored(db)
    assert (row.value, row.author, row.period, row.comment) == (
        1_250_000, "dan", "2026-11", "renewals closed",
    )  # fmt: skip


async def test_a_retried_command_is_recorded_once(db, service):
    await service.handle(metric("dan", "update mrr 1.25M"))
    again = await service.handle(metric("dan", "update mrr 1.25M"))
    assert isinstance(again.reply, UpdateConfirmation)
    assert len(stored(db)) == 1


async def test_someone_else_cannot_update_and_nothing_is_written(db, service):
    outcome = await service.handle(metric("tom", "update mrr 1.25M"))
    assert isinstance(outcome.reply, ErrorReply) and outcome.reply.code == "not_allowed"
    assert "Dan" in outcome.reply.message
    assert stored(db) == []


async def test_an_admin_may_update_any_measure(db, service):
    outcome = await service.handle(metric("maya", "update mrr 1.3M"))
    assert isinstance(outcome.reply, UpdateConfirmation)


async def test_a_value_out_of_range_is_refused_with_the_reason(db, service):
    outcome = await service.handle(metric("tom", "update big-deals -2"))
    assert outcome.reply.code == "bad_value"
    assert "whole number" in outcome.reply.message
    assert stored(db) == []


async def test_an_unknown_chat_user_is_told_how_to_get_linked(db, service):
    outcome = await service.handle(
        MetricCommand(Actor("slack", "U999"), "mine", Source.SLACK_COMMAND, "x")
    )
    assert outcome.reply.code == "unknown_person"
    assert "Slack" in outcome.reply.message


async def test_a_slack_user_is_found_by_email_when_the_plan_has_no_slack_id(db, service, plan):
    person = next(p for p in plan.people if p.email and p.key == "dan")
    actor = Actor("slack", "UNEW", email=person.email.upper())
    outcome = await service.handle(MetricCommand(actor, "update mrr 1M", Source.SLACK_COMMAND, "e"))
    assert isinstance(outcome.reply, UpdateConfirmation)


async def test_a_second_update_in_the_period_is_a_correction_that_keeps_both(db, service):
    await service.handle(metric("dan", "update mrr 1.2M", "a"))
    outcome = await service.handle(metric("dan", "update mrr 1.3M", "b"))
    (change,) = outcome.reply.changes
    assert change.correction and change.old == "$1.2M"
    first, second = stored(db)
    assert second.supersedes == first.id


async def test_a_form_records_every_field_or_none(db, service, prompt):
    key = prompt(measures=("acv", "big-deals"), recipient="priya")
    bad = SubmitValues(
        local("maya"), key,
        (MeasureInput("acv", "24k", Confidence.ON_TRACK), MeasureInput("big-deals", "lots")),
        Source.LOCAL, "f1",
    )  # fmt: skip
    assert (await service.handle(bad)).reply.code == "bad_value"
    assert stored(db) == []
    good = SubmitValues(
        local("maya"), key,
        (
            MeasureInput("acv", "24k", Confidence.ON_TRACK, "signed two"),
            MeasureInput("big-deals", "3"),
        ),
        Source.LOCAL, "f2",
    )  # fmt: skip
    outcome = await service.handle(good)
    assert outcome.recorded == 2 and outcome.reply.still_due == ()
    rows = stored(db)
    assert [(r.measure_key, r.value, r.confidence) for r in rows] == [
        ("acv", 24_000, "on_track"), ("big-deals", 3, None),
    ]  # fmt: skip
    with transaction(db) as session:
        assert session.exec(select(ActionRow.state).where(ActionRow.key == key)).one() == "answered"


async def test_a_partial_form_leaves_the_rest_due(db, service, prompt):
    key = prompt(measures=("acv", "big-deals"), recipient="priya")
    command = SubmitValues(
        local("maya"), key, (MeasureInput("acv", "20k"), MeasureInput("big-deals", "")),
        Source.LOCAL, "p",
    )  # fmt: skip
    outcome = await service.handle(command)
    assert [line.key for line in outcome.reply.still_due] == ["big-deals"]


async def test_an_empty_form_is_refused(db, service, prompt):
    key = prompt()
    outcome = await service.handle(
        SubmitValues(local("priya"), key, (MeasureInput("acv", " "),), Source.LOCAL, "e")
    )
    assert outcome.reply.code == "nothing_to_record"


async def test_no_change_needs_a_previous_value_then_reconfirms_it(db, service, prompt):
    key = prompt()
    first = await service.handle(ConfirmNoChange(local("priya"), key, Source.LOCAL, "n1"))
    assert first.reply.code == "no_value_yet"
    await service.handle(metric("priya", "update acv 21k", "v"))
    again = await service.handle(ConfirmNoChange(local("priya"), key, Source.LOCAL, "n2"))
    assert again.recorded == 1 and again.reply.changes[0].no_change
    assert [(r.value, r.no_change) for r in stored(db)] == [(21_000, False), (21_000, True)]


async def test_a_text_reply_answers_the_open_prompt(db, service, prompt):
    prompt()
    outcome = await service.handle(
        TextMessage(local("priya"), "22k at risk: legal review", Source.LOCAL, "t")
    )
    assert outcome.recorded == 1
    (row,) = stored(db)
    assert (row.value, row.confidence, row.raw_text) == (
        22_000,
        "at_risk",
        "22k at risk: legal review",
    )


async def test_a_text_reply_answers_whichever_open_prompt_names_its_measure(
    db, service, prompt, clock
):
    """The KPI review came after the check-in, but the reply names the check-in's
    measure: it is recorded there, not misread as attrition."""
    prompt("p-eng", "sofia", ("engagement",))
    prompt("p-attr", "sofia", ("attrition",), kind="kpi_review", period="2026-11")
    outcome = await service.handle(TextMessage(local("sofia"), "engagement 75", Source.LOCAL, "t"))
    assert [(r.measure_key, r.value) for r in stored(db)] == [("engagement", 75)]
    assert [line.key for line in outcome.reply.still_due] == ["attrition"]
    with transaction(db) as session:
        states = {row.key: row.state for row in session.exec(select(ActionRow))}
    assert states == {"p-eng": "answered", "p-attr": "sent"}


async def test_a_bare_value_with_two_prompts_open_asks_which(db, service, prompt):
    prompt("p-eng", "sofia", ("engagement",))
    prompt("p-attr", "sofia", ("attrition",), kind="kpi_review", period="2026-11")
    outcome = await service.handle(TextMessage(local("sofia"), "75", Source.LOCAL, "t"))
    assert outcome.reply.code == "unclear_reply"
    assert stored(db) == []


async def test_an_unreadable_reply_asks_back_and_records_nothing(db, service, prompt):
    prompt()
    outcome = await service.handle(TextMessage(local("priya"), "dunno, ask sam", Source.LOCAL, "t"))
    assert outcome.reply.code == "unclear_reply"
    assert stored(db) == []


async def test_snooze_works_once_per_period(db, service, prompt, clock):
    key = prompt()
    first = await service.handle(SnoozePrompt(local("priya"), key, "s1"))
    # Tuesday 10:00 UTC is 15:30 in Kolkata: Priya is reminded at 15:30 on her Wednesday.
    assert first.reply == Snoozed(date(2026, 11, 25), time(15, 30), tomorrow=True)
    repeat = await service.handle(SnoozePrompt(local("priya"), key, "s1"))
    assert repeat.reply == first.reply  # a double click is the same snooze
    other = prompt(key="p-2")
    assert (
        await service.handle(SnoozePrompt(local("priya"), other, "s2"))
    ).reply.code == "snooze_used"
    clock.advance(timedelta(days=1, hours=6))  # the reminder has come: no second snooze
    again = await service.handle(SnoozePrompt(local("priya"), key, "s3"))
    assert again.reply.code == "snooze_used"
    with transaction(db) as session:
        (row,) = session.exec(select(SnoozeRow))
        assert row.until == datetime(2026, 11, 25, 10, tzinfo=UTC)


async def test_a_snooze_names_the_day_on_the_owners_clock(db, service, prompt, clock):
    clock.set(datetime(2026, 11, 22, 21, tzinfo=UTC))  # Monday 23 November, 10:00 in Auckland
    key = prompt(key="p-csat", recipient="aroha", measures=("csat",))
    outcome = await service.handle(SnoozePrompt(local("aroha"), key, "s1"))
    assert outcome.reply == Snoozed(date(2026, 11, 24), time(10), tomorrow=True)


async def test_a_snooze_past_the_end_of_the_period_is_refused(db, service, prompt, clock):
    clock.set(datetime(2026, 11, 27, 12, tzinfo=UTC))  # Friday 17:30 in Kolkata
    key = prompt()
    outcome = await service.handle(SnoozePrompt(local("priya"), key, "s1"))
    assert outcome.reply.code == "snooze_too_late"
    with transaction(db) as session:
        assert list(session.exec(select(SnoozeRow))) == []


async def test_quarter_close_records_grades_between_0_and_1(db, service, prompt):
    key = prompt(
        key="q", kind="quarter_close", recipient="dan", measures=("enterprise",), period="2026-Q4"
    )
    wrong = SubmitValues(
        local("dan"), key, (MeasureInput("grade.enterprise", "1.4"),), Source.LOCAL, "g0"
    )
    assert (await service.handle(wrong)).reply.code == "bad_grade"
    right = SubmitValues(
        local("dan"), key, (MeasureInput("grade.enterprise", "0.7"),), Source.LOCAL, "g1"
    )
    outcome = await service.handle(right)
    assert outcome.recorded == 1 and outcome.reply.changes[0].new == "0.7"


async def test_no_change_on_a_nudge_about_two_prompts_confirms_all_it_names(db, service, prompt):
    await service.handle(metric("dan", "update mrr 1.2M", "m1"))
    await service.handle(metric("dan", "update big-logos 1", "m2"))
    # The engine's nudge about Dan's check-in and KPI review answers for itself.
    key = prompt(key="nudge:dan", kind="nudge", recipient="dan", measures=("big-logos", "mrr"))
    outcome = await service.handle(ConfirmNoChange(local("dan"), key, Source.LOCAL, "n1"))
    assert outcome.recorded == 2
    confirmed = {(r.measure_key, r.period) for r in stored(db) if r.no_change}
    assert confirmed == {("big-logos", "2026-W48"), ("mrr", "2026-11")}
