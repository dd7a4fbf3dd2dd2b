"""When a planned message may still go out (cadence.delivery): never after its period, a
DM only inside the recipient's working hours, a reminder in its prompt's thread."""

from datetime import UTC, date, datetime, time

from runtime_fakes import person

from cadence.delivery import SendWindow, WorkingHours, thread_of, window_for
from cadence.engine.decisions import PlannedAction
from cadence.engine.state import ActionKind, RecipientKind
from cadence.views import CheckinPrompt, Nudge, PersonRef, TeamEscalation

LONDON = person("ana", timezone="Europe/London", country="GB")
AUCKLAND = person("kiri", timezone="Pacific/Auckland", country="NZ")
PEOPLE = {p.key: p for p in (LONDON, AUCKLAND)}


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def action(kind, recipient, view, *, key="a-1", subject=None, period="2026-W48"):
    recipient_kind = RecipientKind.TEAM if recipient.startswith("t") else RecipientKind.PERSON
    return PlannedAction(
        key, kind, recipient, recipient_kind, subject or recipient, period, ("kr-1",),
        utc(2026, 11, 23, 9), view,
    )  # fmt: skip


def test_inside_working_hours_a_message_may_go_at_once():
    hours = WorkingHours.of(LONDON)
    assert hours.next_open(utc(2026, 11, 23, 9, 0)) == utc(2026, 11, 23, 9, 0)
    assert hours.next_open(utc(2026, 11, 23, 17, 29)) == utc(2026, 11, 23, 17, 29)


def test_after_hours_the_next_moment_is_the_next_working_morning_on_the_recipients_clock():
    # Monday 08:00 UTC is Monday 21:00 in Auckland: the next moment is its Tuesday 09:00.
    assert WorkingHours.of(AUCKLAND).next_open(utc(2026, 11, 23, 8)) == utc(2026, 11, 23, 20)
    # Friday 18:00 in London waits for Monday.
    assert WorkingHours.of(LONDON).next_open(utc(2026, 11, 27, 18)) == utc(2026, 11, 30, 9)


def test_public_holidays_are_skipped():
    # Christmas Eve after hours: Christmas, the weekend and the Boxing Day substitute pass.
    assert WorkingHours.of(LONDON).next_open(utc(2026, 12, 24, 18)) == utc(2026, 12, 29, 9)


def test_working_hours_survive_the_outbox_row():
    hours = WorkingHours.of(
        person("x", timezone="Asia/Kolkata", working_days=frozenset({6, 0}), work_end=time(15))
    )
    assert WorkingHours.from_data(hours.to_data()) == hours


def test_a_window_closes_for_good_when_the_period_ends_before_the_next_working_moment():
    friday_evening = utc(2026, 11, 27, 18)
    week_end = utc(2026, 11, 30)
    window = SendWindow(week_end, WorkingHours.of(LONDON))
    assert window.opens_at(friday_evening) is None
    assert window.opens_at(utc(2026, 11, 27, 10)) == utc(2026, 11, 27, 10)
    assert SendWindow(week_end).opens_at(utc(2026, 11, 29, 23)) == utc(2026, 11, 29, 23)
    assert SendWindow(week_end).opens_at(week_end) is None
    assert SendWindow().opens_at(friday_evening) == friday_evening


def test_a_prompt_expires_when_its_week_ends_on_its_subjects_clock():
    prompt = CheckinPrompt("a-1", PersonRef("kiri", "Kiri"), "2026-W48", ())
    window = window_for(action(ActionKind.CHECKIN, "kiri", prompt), PEOPLE)
    # Auckland's Monday 30 November starts at 11:00 UTC on Sunday.
    assert window.expires_at == utc(2026, 11, 29, 11)
    assert window.hours == WorkingHours.of(AUCKLAND)


def test_a_delegates_prompt_keeps_the_owners_period_and_the_delegates_hours():
    prompt = CheckinPrompt("a-1", PersonRef("ana", "Ana"), "2026-W48", ())
    window = window_for(action(ActionKind.CHECKIN, "ana", prompt, subject="kiri"), PEOPLE)
    assert window.expires_at == utc(2026, 11, 29, 11)
    assert window.hours == WorkingHours.of(LONDON)


def test_a_channel_message_has_no_working_hours_but_expires():
    view = TeamEscalation("Team One", "2026-W48", ())  # the window reads the action alone
    window = window_for(action(ActionKind.DIGEST, "t1", view), PEOPLE)
    assert window.hours is None
    assert window.expires_at == utc(2026, 11, 30)


def test_an_escalation_about_a_period_expires_when_the_next_one_ends():
    """November's silence, escalated on 4 December after a review sent on 30 November, is
    still news in December, not in January."""
    escalation = TeamEscalation("Team One", "2026-11", ())
    to_team = action(ActionKind.TEAM_ESCALATION, "t1", escalation, period="2026-11")
    assert window_for(to_team, PEOPLE).expires_at == datetime.combine(date(2027, 1, 1), time(), UTC)
    to_manager = action(
        ActionKind.MANAGER_ESCALATION, "ana", escalation, subject="kiri", period="2026-W48"
    )
    window = window_for(to_manager, PEOPLE)
    assert window.expires_at == utc(2026, 12, 6, 11)  # the end of W49 on Kiri's clock
    assert window.hours == WorkingHours.of(LONDON)


def test_a_period_the_calendar_cannot_read_never_expires():
    prompt = CheckinPrompt("a-1", PersonRef("ana", "Ana"), "someday", ())
    window = window_for(action(ActionKind.CHECKIN, "ana", prompt, period="someday"), PEOPLE)
    assert window.expires_at is None


def test_a_reminder_belongs_in_its_prompts_thread_and_a_prompt_starts_its_own():
    ana = PersonRef("ana", "Ana")
    nudge = Nudge("checkin:ana:2026-W48:x", ana, "2026-W48", date(2026, 11, 23), ())
    assert thread_of(action(ActionKind.NUDGE, "ana", nudge, key="nudge:ana")) == nudge.prompt_key
    prompt = CheckinPrompt("checkin:ana:2026-W48:x", ana, "2026-W48", ())
    assert thread_of(action(ActionKind.CHECKIN, "ana", prompt, key=prompt.prompt_key)) is None
    escalation = TeamEscalation("Team One", "2026-W48", ())
    assert thread_of(action(ActionKind.TEAM_ESCALATION, "t1", escalation)) is None
